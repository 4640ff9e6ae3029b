from django.db import models


class StatutParrain(models.TextChoices):
    RETRAITE = "retraite", "Retraité(e)"
    ACTIF = "actif", "En activité"
    # Issue 14: a student volunteer. Accepted by the importer as an addition to the
    # interchange's list (docs/interchange.md, docs/parrainage.md).
    ETUDIANT = "etudiant", "Étudiant(e)"


class Issue(models.TextChoices):
    SOLUTION = "solution", "Sortie avec solution"
    SANS_SOLUTION = "sans_solution", "Sortie sans solution"
    ABANDON = "abandon", "Abandon"
