from __future__ import annotations

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "trajectoires.workspace"
    verbose_name = "Espace de travail des conseillers"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from trajectoires.interchange.signals import dataset_imported, dataset_written
        from trajectoires.jeunes.models import Jeune
        from trajectoires.workspace.search import index_after_import, index_on_save, note_reindex_after_import

        post_save.connect(index_on_save, sender=Jeune, dispatch_uid="workspace_index_jeune")
        dataset_written.connect(note_reindex_after_import, dispatch_uid="workspace_note_reindex")
        dataset_imported.connect(index_after_import, dispatch_uid="workspace_index_after_import")
