from django.db import models


class Objectif(models.TextChoices):
    """The three objects of a PMSMP, Code du travail, article L5135-1 (1° to 3°)."""

    DECOUVRIR = "decouvrir", "Découvrir un métier ou un secteur d'activité"
    CONFIRMER = "confirmer", "Confirmer un projet professionnel"
    RECRUTEMENT = "recrutement", "Initier une démarche de recrutement"
