from django.db import models


class StatutParrain(models.TextChoices):
    RETRAITE = "retraite", "Retraité(e)"
    ACTIF = "actif", "En activité"


class Issue(models.TextChoices):
    SOLUTION = "solution", "Sortie avec solution"
    SANS_SOLUTION = "sans_solution", "Sortie sans solution"
    ABANDON = "abandon", "Abandon"
