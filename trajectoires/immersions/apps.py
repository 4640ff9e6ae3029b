from __future__ import annotations

from django.apps import AppConfig


class ImmersionsConfig(AppConfig):
    name = "trajectoires.immersions"
    verbose_name = "Immersions (PMSMP)"
