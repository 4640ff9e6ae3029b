from django.db import models


class Canal(models.TextChoices):
    KAF_TRUCK = "kaf_truck", "Kaf'Truck"
    MARAUDE = "maraude", "Maraude, travail de rue"
    EVENEMENT = "evenement", "Événement"
    EN_LIGNE = "en_ligne", "En ligne"
    LISTE = "liste", "Listes (partenaires, fichiers)"
    ILOTAGE = "ilotage", "Îlotage"


class Lieu(models.TextChoices):
    PISCINE_PLAGE = "piscine_plage", "Piscine, plage"
    PIED_IMMEUBLE = "pied_immeuble", "Pied d'immeuble"
    JDC = "jdc", "Journée défense et citoyenneté"
    PARTENAIRE = "partenaire", "Chez un partenaire"
    EVENEMENT = "evenement", "Événement"
    AUTRE = "autre", "Autre"
