"""`trajectoires create_structure CODE NOM`"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trajectoires.structures.models import Structure


class Command(BaseCommand):
    help = "Crée une Mission Locale (structure) : son code, par exemple 25056S00, et son nom."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="code de la Mission Locale, 20 caractères au plus (par exemple 25056S00)")
        parser.add_argument("nom", help="nom de la Mission Locale")

    def handle(self, *args, code: str, nom: str, **options) -> None:
        code, nom = code.strip(), nom.strip()
        max_code = Structure._meta.get_field("code").max_length
        if not code or len(code) > max_code:
            raise CommandError(f"Code « {code} » invalide : donnez de 1 à {max_code} caractères.")
        if not nom:
            raise CommandError("Nom vide : donnez le nom de la Mission Locale.")
        if Structure.objects.filter(code=code).exists():
            raise CommandError(f"Une Mission Locale a déjà le code « {code} » : choisissez un autre code.")
        Structure.objects.create(code=code, nom=nom[:200])
        self.stdout.write(self.style.SUCCESS(f"Mission Locale « {nom} » créée avec le code {code}."))
