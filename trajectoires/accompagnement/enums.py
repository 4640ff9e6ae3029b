from django.db import models


class Nature(models.TextChoices):
    ENTRETIEN_INDIVIDUEL = "entretien_individuel", "Entretien individuel"
    ATELIER = "atelier", "Atelier"
    INFORMATION_COLLECTIVE = "information_collective", "Information collective"
    TELEPHONE = "telephone", "Téléphone"
    MAIL = "mail", "Courriel"
    SMS = "sms", "SMS"
    COURRIER = "courrier", "Courrier"
    VISITE = "visite", "Visite"
    AUTRE = "autre", "Autre"


# Natures that make a young person "accompagné" (Charte nationale, indicators.md).
NATURES_ACCOMPAGNEMENT = (Nature.ENTRETIEN_INDIVIDUEL, Nature.ATELIER, Nature.INFORMATION_COLLECTIVE)


class Theme(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    PROJET_PRO = "projet_pro", "Projet professionnel"
    SANTE = "sante", "Santé"
    LOGEMENT = "logement", "Logement"
    MOBILITE = "mobilite", "Mobilité"
    CITOYENNETE = "citoyennete", "Citoyenneté"
    LOISIRS_CULTURE = "loisirs_culture", "Loisirs, sport, culture"
    RESSOURCES = "ressources", "Ressources"
