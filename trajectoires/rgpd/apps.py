from __future__ import annotations

from django.apps import AppConfig


class RgpdConfig(AppConfig):
    name = "trajectoires.rgpd"
    verbose_name = "Données personnelles : audit, droit d'accès, conservation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trajectoires.interchange.signals import dataset_written
        from trajectoires.rgpd.audit import record_import, register_models

        register_models()
        dataset_written.connect(record_import, dispatch_uid="rgpd_record_import")
