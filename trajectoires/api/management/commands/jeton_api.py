"""`trajectoires jeton_api <identifiant> --nom "…" [--jours N]`: issue a personal API token."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trajectoires.api.models import ApiToken


class Command(BaseCommand):
    help = "Crée un jeton d'API personnel pour un utilisateur (affiché une seule fois, seule son empreinte est conservée)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("identifiant", help="identifiant de connexion de l'utilisateur")
        parser.add_argument("--nom", default="Jeton personnel", help="à quoi sert ce jeton")
        parser.add_argument("--jours", type=int, default=365, help="durée de validité en jours (0 : sans fin)")

    def handle(self, *args, identifiant: str, nom: str, jours: int, **options):  # type: ignore[no-untyped-def]
        user = get_user_model().objects.filter(username=identifiant, is_active=True).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur actif « {identifiant} ».")
        expire = timezone.now() + dt.timedelta(days=jours) if jours > 0 else None
        row, token = ApiToken.issue(user, nom, expire_le=expire)
        self.stdout.write(token)
        when = f"le {timezone.localtime(expire):%d/%m/%Y}" if expire else "jamais"
        self.stderr.write(f"Jeton « {row.nom} » créé pour {user.username} ; expire {when}. Il ne sera plus affiché.")
