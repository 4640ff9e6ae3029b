"""Rebuild the name search keys (after an import that renamed young people, for instance).
Also finishes an import's reindex that a cut process left noted (`ReindexPending`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Structure
from trajectoires.workspace.models import ReindexPending
from trajectoires.workspace.search import reindex


class Command(BaseCommand):
    help = "Recalcule les clés de recherche par nom des jeunes (toutes les Missions Locales, ou --structure CODE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--structure", help="code de la Mission Locale (par défaut : toutes)")

    def handle(self, *args: Any, **options: Any) -> None:
        jeunes = Jeune.objects.all()
        pending = ReindexPending.objects.all()
        if options["structure"]:
            structure = Structure.resolve(options["structure"])
            jeunes = jeunes.filter(structure=structure)
            pending = pending.filter(structure=structure)
        noted = list(pending.values_list("pk", "noted_at"))
        count = reindex(jeunes)
        for pk, noted_at in noted:  # an import that noted the structure again meanwhile keeps its note
            ReindexPending.objects.filter(pk=pk, noted_at=noted_at).delete()
        self.stdout.write(f"{count} jeune{'s' if count > 1 else ''} indexé{'s' if count > 1 else ''}.")
