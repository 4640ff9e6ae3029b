"""`trajectoires import_data PATH [--structure CODE] [--rapport-json FILE]`"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trajectoires.interchange.importer import import_dataset
from trajectoires.interchange.progress import progress_display
from trajectoires.interchange.report import ImportResult
from trajectoires.structures.models import Structure


def default_report_path(source: Path) -> Path:
    """Next to the dataset (`<name>.rapport-import.json`, never inside it: a re-import would see
    it as an unknown file), or in var/rapports/ when that folder cannot be written."""
    beside = source.resolve().parent / f"{source.name.removesuffix('.zip')}.rapport-import.json"
    try:
        beside.touch()
        return beside
    except OSError:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return Path(settings.DATA_DIR) / "rapports" / f"import-{stamp}.json"


class Command(BaseCommand):
    help = "Importe un jeu de données au format d'échange (dossier ou .zip) : tout ou rien."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="dossier du jeu de données, ou archive .zip de ce dossier")
        parser.add_argument("--structure", help="code de la Mission Locale (facultatif s'il n'y en a qu'une)")
        parser.add_argument("--rapport-json", type=Path, help="où écrire le rapport JSON (par défaut : à côté du jeu)")

    def handle(self, *args, path: Path, structure: str | None, rapport_json: Path | None, **options) -> None:
        try:
            target = Structure.resolve(structure)
        except (Structure.DoesNotExist, Structure.MultipleObjectsReturned) as error:
            raise CommandError(str(error)) from None
        with progress_display(sys.stderr) as progress:
            result = import_dataset(path, target, progress=progress)
        report = rapport_json or default_report_path(path)
        result.write_json(report)
        self.print_result(result, report)
        if not result.ok:
            raise CommandError(result.summary())

    def print_result(self, result: ImportResult, report: Path) -> None:
        for problem in result.problems:
            self.stderr.write(str(problem))
        if result.ok:
            for name, stats in result.files.items():
                self.stdout.write(
                    f"  {name} : {stats.rows} ligne(s), {stats.created} créée(s), {stats.updated} mise(s) à jour,"
                    f" {stats.unchanged} inchangée(s)"
                )
            self.stdout.write(self.style.SUCCESS(result.summary()))
        self.stdout.write(f"Rapport JSON : {report}")
