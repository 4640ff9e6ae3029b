"""`trajectoires administrateur_reseau <identifiant> [--retirer]`, `trajectoires administrateur_reseau --liste`.

Makes an account of role `administrateur` the network administrator (every Mission Locale in
the admin site; `is_staff` set too), or takes the flag back. With the admin site of another
network administrator, the only way to set it: a structure administrator never can
(docs/securite.md, "Le site d'administration"). The change is in the audit journal (auditlog,
`accounts.User`), with no actor: the server's operator ran the command."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


class Command(BaseCommand):
    help = (
        "Désigne un compte de rôle « Administrateur » comme administrateur du réseau (toutes les Missions Locales "
        "dans l'administration), ou lui retire ce droit (--retirer). --liste : les administrateurs du réseau."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifiant", nargs="?", help="identifiant de connexion du compte")
        parser.add_argument("--retirer", action="store_true", help="retire le droit d'administrateur du réseau")
        parser.add_argument("--liste", action="store_true", help="affiche les administrateurs du réseau")

    def handle(self, *args, identifiant: str | None, retirer: bool, liste: bool, **options) -> None:  # type: ignore[no-untyped-def]
        if liste:
            for user in User.objects.filter(administrateur_reseau=True).order_by("username"):
                state = "" if user.is_active else " (désactivé)"
                self.stdout.write(f"{user.username}{state}")
            return
        if not identifiant:
            raise CommandError("Donnez l'identifiant de connexion du compte (ou --liste).")
        user = User.objects.filter(username=identifiant).first()
        if user is None:
            raise CommandError(f"Aucun compte « {identifiant} ».")
        if retirer:
            if not user.administrateur_reseau:
                raise CommandError(f"« {identifiant} » n'est pas administrateur du réseau.")
            user.administrateur_reseau = False
            user.save()
            self.stdout.write(self.style.SUCCESS(f"« {identifiant} » n'est plus administrateur du réseau."))
            return
        if user.role != Role.ADMINISTRATEUR:
            raise CommandError(
                f"« {identifiant} » a le rôle « {user.get_role_display()} » : "
                "seul un compte de rôle « Administrateur » peut être administrateur du réseau."
            )
        if not user.is_active:
            raise CommandError(f"Le compte « {identifiant} » est désactivé.")
        user.administrateur_reseau = True
        user.is_staff = True
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"« {identifiant} » est administrateur du réseau : toutes les Missions Locales dans l'administration."
            )
        )
