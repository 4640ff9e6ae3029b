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


class StatutOffre(models.TextChoices):
    """Where an offer stands. Imported offers are `publiee` (the interchange has no status); an
    offer is open while `publiee` and its closing date (if any) is not past."""

    BROUILLON = "brouillon", "Brouillon"
    A_VALIDER = "a_valider", "À valider"  # posted by an employer on the job board, awaiting staff moderation
    PUBLIEE = "publiee", "Publiée"
    REFUSEE = "refusee", "Refusée"
    CLOTUREE = "cloturee", "Clôturée"


class OrigineOffre(models.TextChoices):
    EQUIPE = "equipe", "Saisie par l'équipe"
    BOURSE = "bourse", "Déposée par l'employeur sur la bourse à l'emploi"
