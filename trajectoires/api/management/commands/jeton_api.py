"""`trajectoires jeton_api <identifiant> [--nom "…"] [--jours N]`: issue a personal API token.
`trajectoires jeton_api <identifiant> --revoquer <nom, début du jeton ou « tous »>`: revoke.

Both are written in the audit journal of the user's Mission Locale with no actor and the origin
"commande" (the server's operator ran it; shown as an automatic process in the journal)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from trajectoires.accounts.perms import can_use_api
from trajectoires.api.models import TOKEN_PREFIX, ApiToken, digest
from trajectoires.rgpd.audit import ORIGIN_COMMAND


class Command(BaseCommand):
    help = (
        "Crée un jeton d'API personnel pour un utilisateur (affiché une seule fois, seule son empreinte est "
        "conservée), ou révoque ses jetons (--revoquer). Écrit au journal d'audit."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("identifiant", help="identifiant de connexion de l'utilisateur")
        parser.add_argument("--nom", default="Jeton personnel", help="à quoi sert ce jeton")
        parser.add_argument("--jours", type=int, default=365, help="durée de validité en jours (0 : sans fin)")
        parser.add_argument(
            "--revoquer",
            metavar="JETON",
            help="révoque les jetons actifs de l'utilisateur de ce nom, de ce début (trj_xxxx) ou « tous »",
        )

    def handle(self, *args, identifiant: str, nom: str, jours: int, revoquer: str | None, **options):  # type: ignore[no-untyped-def]
        if revoquer is not None:
            self.revoke(identifiant, revoquer.strip())
            return
        user = get_user_model().objects.filter(username=identifiant, is_active=True).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur actif « {identifiant} ».")
        if not can_use_api(user):
            raise CommandError(
                f"« {identifiant} » n'a accès à rien par l'API (pas de Mission Locale) : aucun jeton créé."
            )
        expire = timezone.now() + dt.timedelta(days=jours) if jours > 0 else None
        row, token = ApiToken.issue(user, nom, expire_le=expire, origin=ORIGIN_COMMAND)
        self.stdout.write(token)
        when = f"le {timezone.localtime(expire):%d/%m/%Y}" if expire else "jamais"
        self.stderr.write(f"Jeton « {row.nom} » créé pour {user.username} ; expire {when}. Il ne sera plus affiché.")

    def revoke(self, identifiant: str, which: str) -> None:
        user = get_user_model().objects.filter(username=identifiant).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur « {identifiant} ».")
        if not which:
            raise CommandError("Précisez le jeton à révoquer : son nom, son début (trj_…) ou « tous ».")
        tokens = ApiToken.objects.filter(user=user, revoque=False)
        if which != "tous":
            match = Q(nom=which)
            if which.startswith(TOKEN_PREFIX):
                # the token's first characters as listed (trj_xxxx), or the whole token
                match |= Q(prefixe=which) | Q(empreinte=digest(which))
            tokens = tokens.filter(match)
        count = tokens.revoke(origin=ORIGIN_COMMAND)
        if not count:
            raise CommandError(f"Aucun jeton actif « {which} » pour {identifiant}.")
        self.stderr.write(f"{count} jeton(s) révoqué(s) pour {identifiant}.")
