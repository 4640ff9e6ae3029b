from django.db import models


class Public(models.TextChoices):
    JEUNE = "jeune", "Jeunes"
    EMPLOYEUR = "employeur", "Employeurs"


class Reponse(models.IntegerChoices):
    PAS_DU_TOUT = 1, "Pas du tout satisfait"
    PEU = 2, "Peu satisfait"
    SATISFAIT = 3, "Satisfait"
    TRES = 4, "Très satisfait"
