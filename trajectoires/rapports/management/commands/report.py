"""`trajectoires report`: the activity report of a period, as JSON, or HTML / PDF / XLSX through
the renderers of the edition app (which read the same engine result)."""

from __future__ import annotations

import sys
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trajectoires.rapports.engine import SUIVI_PAR_DEFAUT, build_report
from trajectoires.rapports.filters import FiltreInvalide, parse_filtre, resolve_filtre
from trajectoires.rapports.periods import Period
from trajectoires.structures.models import Structure


FORMATS = ("json", "html", "pdf", "xlsx")


class Command(BaseCommand):
    help = "Produit le rapport d'activité d'une période : JSON, HTML, PDF ou XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--debut", required=True, help="Premier jour de la période, AAAA-MM-JJ (inclus).")
        parser.add_argument("--fin", required=True, help="Dernier jour de la période, AAAA-MM-JJ (inclus).")
        parser.add_argument(
            "--filtre",
            action="append",
            default=[],
            metavar="CLE=VALEUR",
            help="Restreint le rapport : site=ID, secteur=LIBELLÉ, epci=NOM, conseiller=ID ou dispositif=CODE.",
        )
        parser.add_argument("--structure", help="Code de la Mission Locale (facultatif s'il n'y en a qu'une).")
        parser.add_argument("--format", default="json", choices=FORMATS, help="json (par défaut), html, pdf ou xlsx.")
        parser.add_argument("--output", "-o", help="Fichier de sortie (par défaut : la sortie standard).")
        parser.add_argument(
            "--suivi",
            action="append",
            metavar="CODE",
            help=f"Dispositif à suivre (section suivi_dispositifs ; par défaut : {', '.join(SUIVI_PAR_DEFAUT)}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:  # the bounds of every report (rapports/periods.py), before any work
            periode = Period.parse(options["debut"], options["fin"]).check()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        fmt = options["format"]
        render = None
        if fmt != "json":
            try:  # the renderers live in the edition app, which calls this engine
                if not apps.is_installed("trajectoires.edition"):
                    raise ImportError("trajectoires.edition")
                from trajectoires.edition.services import render_report as render
            except ImportError:
                raise CommandError(
                    f"Le format {fmt.upper()} n'est pas encore disponible : utilisez --format json pour l'instant."
                ) from None
            if fmt in ("pdf", "xlsx") and not (options["output"] and options["output"] != "-"):
                raise CommandError(f"Le format {fmt.upper()} est binaire : précisez un fichier avec --output.")
        try:
            structure = Structure.resolve(options["structure"])
        except (Structure.DoesNotExist, Structure.MultipleObjectsReturned) as exc:
            raise CommandError(str(exc)) from None
        if len(options["filtre"]) > 1:
            raise CommandError("Un seul filtre à la fois : retirez les --filtre en trop.")
        filtre = None
        if options["filtre"]:
            try:
                filtre = resolve_filtre(structure, *parse_filtre(options["filtre"][0]))
            except FiltreInvalide as exc:
                raise CommandError(str(exc)) from None
        report = build_report(structure, periode, filtre, suivi=options["suivi"] or SUIVI_PAR_DEFAUT)
        content: str | bytes = report.to_json() + "\n" if render is None else render(report, fmt)
        if options["output"] and options["output"] != "-":
            try:
                if isinstance(content, bytes):
                    with open(options["output"], "wb") as fh:
                        fh.write(content)
                else:
                    with open(options["output"], "w", encoding="utf-8") as fh:
                        fh.write(content)
            except OSError as exc:
                raise CommandError(f"Impossible d'écrire « {options['output']} » : {exc.strerror}.") from None
            self.stderr.write(f"Rapport écrit dans {options['output']}.")
        else:
            sys.stdout.write(content if isinstance(content, str) else content.decode())
