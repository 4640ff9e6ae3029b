from django.db import models


class NatureContact(models.TextChoices):
    VISITE = "visite", "Visite"
    TELEPHONE = "telephone", "Téléphone"
    MAIL = "mail", "Courriel"
    EVENEMENT = "evenement", "Événement"
    OFFRE = "offre", "Offre d'emploi"
    AUTRE = "autre", "Autre"


class Resultat(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    RETENU = "retenu", "Retenu"
    NON_RETENU = "non_retenu", "Non retenu"
    ABANDON = "abandon", "Abandon"
