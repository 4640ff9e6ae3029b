from __future__ import annotations

from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "trajectoires.agenda"
    verbose_name = "Agenda, sessions collectives et heures d'activité CEJ"
