from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trajectoires.structures.models import Structure
from trajectoires.structures.reference import BESANCON_TERRITORY_CSV, import_banatic_communes


class Command(BaseCommand):
    help = (
        "Importe les communes d'un territoire depuis un extrait BANATIC (colonnes insee_commune, nom_commune, epci). "
        "Sans chemin : les 324 communes du bassin d'emploi de Besançon (2024)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path, nargs="?", default=BESANCON_TERRITORY_CSV)
        parser.add_argument("--structure", help="code de la Mission Locale (facultatif s'il n'y en a qu'une)")

    def handle(self, *args, path: Path, structure: str | None, **options) -> None:  # type: ignore[no-untyped-def]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}.")
        try:
            target = Structure.resolve(structure)
        except (Structure.DoesNotExist, Structure.MultipleObjectsReturned) as e:
            raise CommandError(str(e)) from e
        n = import_banatic_communes(path, target)
        self.stdout.write(self.style.SUCCESS(f"{n} communes importées pour {target}."))
