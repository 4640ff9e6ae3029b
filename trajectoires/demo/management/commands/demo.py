"""`trajectoires demo [--jeunes N] [--seed S] [--si-vide] [--structure-code CODE]`

Creates the demo Mission Locale: the structure (if absent), its data written as an interchange
dataset then imported through the one importer, and one demo login per role."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller, User
from trajectoires.demo import reference as ref
from trajectoires.demo.agenda import populate_agenda
from trajectoires.demo.employeurs import populate_employeurs
from trajectoires.demo.generator import write_demo_dataset
from trajectoires.demo.travail import populate_mentor, populate_offres
from trajectoires.interchange.importer import import_dataset
from trajectoires.interchange.progress import progress_display
from trajectoires.jeunes.models import Jeune
from trajectoires.parrainage.models import Parrain
from trajectoires.structures.models import Structure
from trajectoires.structures.reference import import_qpv


DEMO_PASSWORD = "trajectoires-demo"

# username -> (role, first name, last name)
DEMO_USERS = {
    "direction": (Role.DIRECTION, "Claire", "Directrice"),
    "conseiller": (Role.CONSEILLER, "", ""),  # takes the name of the linked Conseiller row
    "accueil": (Role.ACCUEIL, "Karim", "Accueil"),
    "relations_entreprises": (Role.RELATIONS_ENTREPRISES, "Maxime", "Relations-Entreprises"),
    "reperage": (Role.REPERAGE, "Élise", "Repérage"),
    "parrain": (Role.PARRAIN, "", ""),  # takes the name of the linked Parrain row
    "administrateur": (Role.ADMINISTRATEUR, "Alex", "Administrateur"),
}


def _n(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


class Command(BaseCommand):
    help = "Crée la Mission Locale de démonstration (données fictives réalistes) et ses comptes de démonstration."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jeunes", type=int, default=None,
                            help="nombre de jeunes (par défaut : environ 1 600 premiers accueils par an)")
        parser.add_argument("--seed", type=int, default=2024, help="graine du générateur (même graine, mêmes données)")
        parser.add_argument("--si-vide", action="store_true",
                            help="ne rien générer si la Mission Locale a déjà des jeunes (affiche les comptes)")
        parser.add_argument(
            "--structure-code", default=ref.STRUCTURE_CODE, help="code de la Mission Locale de démonstration"
        )

    def handle(self, *args, jeunes: int | None, seed: int, si_vide: bool, structure_code: str, **options) -> None:
        structure, created = Structure.objects.get_or_create(code=structure_code, defaults={"nom": ref.STRUCTURE_NOM})
        if created:
            self.stdout.write(f"Mission Locale créée : {structure.nom} ({structure.code})")
        if si_vide and Jeune.objects.filter(structure=structure).exists():
            self.stdout.write(
                f"La Mission Locale {structure.code} a déjà des jeunes : données de démonstration inchangées."
            )
            self.create_logins(structure)
        else:
            self.generate_and_import(structure, jeunes, seed)
            self.create_logins(structure)
            counts = populate_agenda(structure, timezone.localdate(), seed)
            self.stdout.write(
                f"  Agenda de la semaine : {_n(counts['rendez_vous'])} rendez-vous, {counts['sessions']} séances "
                f"collectives ({counts['participations']} inscrits), "
                f"{counts['arrivees']} jeunes à l'accueil cet après-midi"
            )
            counts = populate_employeurs(structure, timezone.localdate(), seed)
            self.stdout.write(
                f"  Fichier des employeurs : {_n(counts['interlocuteurs'])} personnes à contacter, "
                f"{_n(counts['notes'])} notes de contact, {counts['rappels']} rappels prévus"
            )
            counts = populate_offres(structure, timezone.localdate(), seed)
            self.stdout.write(
                f"  Offres d'emploi ouvertes : {counts['offres']} (dont {counts['diffusees']} sur la bourse à "
                f"l'emploi), {_n(counts['metiers'])} métiers recherchés par des jeunes"
            )
            counts = populate_mentor(structure, timezone.localdate(), seed)
            self.stdout.write(f"  Filleul(e)s en cours du parrain de démonstration : {counts['filleuls']}")
        self.print_logins()

    def generate_and_import(self, structure: Structure, jeunes: int | None, seed: int) -> None:
        today = timezone.localdate()
        with tempfile.TemporaryDirectory(prefix="trajectoires-demo-") as tmp:
            started = time.monotonic()
            self.stdout.write("Génération du jeu de données de démonstration…")
            counts = write_demo_dataset(Path(tmp), jeunes=jeunes, seed=seed, today=today)
            self.stdout.write(
                f"  {_n(counts['jeunes.csv'])} jeunes, {_n(counts['evenements.csv'])} événements, "
                f"{_n(sum(counts.values()))} lignes en tout ({time.monotonic() - started:.0f} s)"
            )
            self.stdout.write("Import par l'importeur du format d'échange…")
            with progress_display(sys.stderr) as progress:
                result = import_dataset(Path(tmp), structure, progress=progress, today=today)
        if not result.ok:
            for problem in result.problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(f"L'import des données de démonstration a échoué : {result.summary()}")
        self.stdout.write(self.style.SUCCESS(f"  {result.summary()}"))
        self.import_demo_qpv()

    def import_demo_qpv(self) -> None:
        """The demo's fictitious QPV codes in the QPV reference table (through its importer), so
        that pages can name the neighbourhoods. Official codes are never invented."""
        with tempfile.TemporaryDirectory(prefix="trajectoires-demo-qpv-") as tmp:
            path = Path(tmp) / "qpv-demo.csv"
            lines = ["code;nom;commune;valid_from;valid_to"]
            lines += [f"{code};{nom} (code fictif de démonstration);{ref.BESANCON};2024-01-01;"
                      for code, nom in ref.QPV_NOMS.items()]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            import_qpv(path)

    @transaction.atomic
    def create_logins(self, structure: Structure) -> None:
        hashed = make_password(DEMO_PASSWORD)  # one (slow) hash for the seven demo accounts
        for username, (role, prenom, nom) in DEMO_USERS.items():
            user = User.objects.filter(username=username).first() or User(username=username)
            user.structure = structure
            user.role = role
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATEUR
            user.is_active = True
            if prenom:
                user.first_name, user.last_name = prenom, nom
            user.password = hashed
            user.save()
            if role == Role.CONSEILLER:
                self.link_conseiller(structure, user)
            elif role == Role.PARRAIN:
                self.link_parrain(structure, user)

    def link_conseiller(self, structure: Structure, user: User) -> None:
        """The demo counsellor is the active counsellor with the largest portfolio."""
        if Conseiller.objects.filter(structure=structure, user=user).exists():
            return
        Conseiller.objects.filter(user=user).update(user=None)
        conseiller = (
            Conseiller.objects.filter(structure=structure, actif=True, user__isnull=True)
            .annotate(n=Count("portefeuille"))
            .order_by("-n", "ext_id")
            .first()
        )
        if conseiller is not None:
            conseiller.user = user
            conseiller.save(update_fields=["user"])
            User.objects.filter(pk=user.pk).update(first_name=conseiller.prenom, last_name=conseiller.nom)

    def link_parrain(self, structure: Structure, user: User) -> None:
        """The demo mentor is the active mentor with the most pairings."""
        if Parrain.objects.filter(structure=structure, user=user).exists():
            return
        Parrain.objects.filter(user=user).update(user=None)
        parrain = (
            Parrain.objects.filter(structure=structure, user__isnull=True)
            .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=timezone.localdate()))
            .annotate(n=Count("parrainages"))
            .order_by("-n", "ext_id")
            .first()
        )
        if parrain is not None:
            parrain.user = user
            parrain.save(update_fields=["user"])
            User.objects.filter(pk=user.pk).update(first_name=parrain.prenom, last_name=parrain.nom)

    def print_logins(self) -> None:
        self.stdout.write("")
        adresse = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}/"  # `make run PORT=…` passes its port
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) — {adresse}")
        for username, (role, _, _) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<22} {role.label}")
