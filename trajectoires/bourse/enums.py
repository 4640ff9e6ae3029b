from django.db import models


class TypeCompte(models.TextChoices):
    EMPLOYEUR = "employeur", "Employeur"
    JEUNE = "jeune", "Jeune"


class StatutCompte(models.TextChoices):
    """Where a board account stands with the Mission Locale's staff."""

    EN_ATTENTE = "en_attente", "En attente de vérification"
    RATTACHE = "rattache", "Rattaché"  # employer: to its employer file; young person: to their file
    REFUSE = "refuse", "Refusé"


class StatutCandidature(models.TextChoices):
    ENVOYEE = "envoyee", "Envoyée"
    CONSULTEE = "consultee", "Consultée par l'employeur"
    MISE_EN_RELATION = "mise_en_relation", "Transmise par la Mission Locale (mise en relation)"
    NON_RETENUE = "non_retenue", "Non retenue"


class Decision(models.TextChoices):
    A_VALIDER = "a_valider", "À valider"
    PUBLIEE = "publiee", "Publiée"
    REFUSEE = "refusee", "Refusée"
