"""`trajectoires generate_editions`: generate the editions still waiting (for installations
that run generation from cron instead of a thread: TRAJECTOIRES_EDITION_BACKGROUND = "command")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trajectoires.edition.models import Edition, EditionStatus
from trajectoires.edition.services import generate_edition


class Command(BaseCommand):
    help = "Génère les éditions du rapport d'activité en attente."

    def handle(self, *args: Any, **options: Any) -> None:
        pending = list(Edition.objects.filter(status=EditionStatus.PENDING).values_list("pk", flat=True))
        for pk in pending:
            generate_edition(pk)
            edition = Edition.objects.get(pk=pk)
            self.stdout.write(f"Édition {pk} : {edition.get_status_display()}")
        if not pending:
            self.stdout.write("Aucune édition en attente.")
