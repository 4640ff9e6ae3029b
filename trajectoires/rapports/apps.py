from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "trajectoires.rapports"
    verbose_name = "Rapport d'activité"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from trajectoires.accompagnement.models import Evenement
        from trajectoires.aides.models import Aide
        from trajectoires.dispositifs.models import Inscription
        from trajectoires.rapports import blocs, evenements
        from trajectoires.situations.models import Situation

        # The report's packed events (evenements.py) follow every event saved or deleted
        # through the ORM; the importer rebuilds them itself.
        pre_save.connect(evenements.remember_previous, sender=Evenement, dispatch_uid="rapports_evenement_pre")
        post_save.connect(evenements.on_save, sender=Evenement, dispatch_uid="rapports_evenement_save")
        post_delete.connect(evenements.on_delete, sender=Evenement, dispatch_uid="rapports_evenement_delete")
        # Likewise the packed enrolments, situations and help (blocs.py). Their doors write
        # through save()/delete(); tests/test_doors.py refuses update() and bulk writes elsewhere.
        for model in (Inscription, Situation, Aide):
            label = model._meta.label_lower
            pre_save.connect(blocs.remember_previous, sender=model, dispatch_uid=f"rapports_blocs_pre_{label}")
            post_save.connect(blocs.on_save, sender=model, dispatch_uid=f"rapports_blocs_save_{label}")
            post_delete.connect(blocs.on_delete, sender=model, dispatch_uid=f"rapports_blocs_delete_{label}")
