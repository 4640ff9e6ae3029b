"""`trajectoires export_data PATH [--structure CODE]`"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trajectoires.interchange.exporter import export_dataset
from trajectoires.structures.models import Structure


class Command(BaseCommand):
    help = (
        "Exporte toutes les données d'une Mission Locale au format d'échange "
        "(dossier, ou .zip si PATH finit par .zip)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="dossier à créer ou compléter, ou archive .zip à écrire")
        parser.add_argument("--structure", help="code de la Mission Locale (facultatif s'il n'y en a qu'une)")

    def handle(self, *args, path: Path, structure: str | None, **options) -> None:
        try:
            target = Structure.resolve(structure)
        except (Structure.DoesNotExist, Structure.MultipleObjectsReturned) as error:
            raise CommandError(str(error)) from None
        if path.exists() and not path.is_dir() and path.suffix != ".zip":
            raise CommandError(f"« {path} » existe et n'est pas un dossier : choisissez un dossier ou un nom en .zip.")
        started = time.monotonic()
        try:
            counts = export_dataset(target, path)
        except OSError as error:
            raise CommandError(
                f"Écriture impossible dans « {path} » : {error.strerror}. Vérifiez le chemin et les droits."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Export terminé en {time.monotonic() - started:.1f} s : {sum(counts.values())} ligne(s)"
                f" dans {len(counts)} fichiers, dans {path}."
            )
        )
