from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "trajectoires.rapports"
    verbose_name = "Rapport d'activité"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from trajectoires.accompagnement.models import Evenement
        from trajectoires.rapports import evenements

        # The report's packed events (evenements.py) follow every event saved or deleted
        # through the ORM; the importer rebuilds them itself.
        pre_save.connect(evenements.remember_previous, sender=Evenement, dispatch_uid="rapports_evenement_pre")
        post_save.connect(evenements.on_save, sender=Evenement, dispatch_uid="rapports_evenement_save")
        post_delete.connect(evenements.on_delete, sender=Evenement, dispatch_uid="rapports_evenement_delete")
