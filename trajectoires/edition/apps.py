from __future__ import annotations

from django.apps import AppConfig


class EditionConfig(AppConfig):
    name = "trajectoires.edition"
    verbose_name = "Rapport d'activité : éditions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from trajectoires.edition.datadate import record_delete, record_import, record_save
        from trajectoires.interchange.signals import dataset_written

        dataset_written.connect(record_import, dispatch_uid="edition_data_date_import")
        post_save.connect(record_save, dispatch_uid="edition_data_date_save")
        post_delete.connect(record_delete, dispatch_uid="edition_data_date_delete")
