from __future__ import annotations

from django.apps import AppConfig


class EditionConfig(AppConfig):
    name = "trajectoires.edition"
    verbose_name = "Rapport d'activité : éditions"
    default_auto_field = "django.db.models.BigAutoField"
