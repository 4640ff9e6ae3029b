from django.db import models

from trajectoires.accompagnement.enums import Nature


class Presence(models.TextChoices):
    """Attendance of an appointment or a collective session."""

    PREVU = "prevu", "Prévu"
    PRESENT = "present", "Présent(e)"
    ABSENT = "absent", "Absent(e)"
    EXCUSE = "excuse", "Excusé(e)"
    ANNULE = "annule", "Annulé"


# Natures an appointment may have (interchange `evenements.nature` codes): the collective
# natures are sessions, and mail / sms / letters are not appointments.
NATURES_RENDEZ_VOUS = (Nature.ENTRETIEN_INDIVIDUEL, Nature.TELEPHONE, Nature.VISITE, Nature.AUTRE)


class TypeSession(models.TextChoices):
    ATELIER = "atelier", "Atelier"
    INFORMATION_COLLECTIVE = "information_collective", "Information collective"


class ThemeCej(models.TextChoices):
    """Themes of CEJ activities: the i-milo codes used by the national CEJ application
    (domain.md §1, pass-emploi `POST /sue/dossiers/{id}/situation`)."""

    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    PROJET_PROFESSIONNEL = "projet_professionnel", "Projet professionnel"
    SANTE = "sante", "Santé"
    LOGEMENT = "logement", "Logement"
    CITOYENNETE = "citoyennete", "Citoyenneté"
    CULTURE_SPORT_LOISIRS = "culture_sport_loisirs", "Culture, sport, loisirs"
