from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trajectoires.structures.reference import ReferenceError, import_qpv


class Command(BaseCommand):
    help = "Importe la liste des quartiers prioritaires (QPV) : CSV code;nom;commune;valid_from;valid_to."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:  # type: ignore[no-untyped-def]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}. Indiquez le chemin du fichier CSV des QPV.")
        try:
            n = import_qpv(path)
        except ReferenceError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"{n} quartiers prioritaires importés."))
