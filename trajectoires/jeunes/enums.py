from django.db import models


class Sexe(models.TextChoices):
    F = "f", "Femme"
    H = "h", "Homme"


class Niveau(models.TextChoices):
    """Highest level of training reached, 1969 nomenclature (INSEE definition c1076)."""

    VI = "vi", "Niveau VI (sortie en 6e, 5e, 4e)"
    VBIS = "vbis", "Niveau V bis (3e, années intermédiaires de CAP/BEP)"
    V = "v", "Niveau V (CAP/BEP, 2nde, 1re)"
    IV = "iv", "Niveau IV (baccalauréat)"
    III = "iii", "Niveau III (bac + 2)"
    II = "ii", "Niveau II (bac + 3/4)"
    I = "i", "Niveau I (bac + 5 et plus)"  # noqa: E741


class Hebergement(models.TextChoices):
    PARENTS = "parents", "Chez les parents"
    FAMILLE = "famille", "Chez un membre de la famille"
    AUTONOME = "autonome", "Logement autonome"
    AMIS = "amis", "Chez des amis"
    FOYER = "foyer", "Foyer, CHRS, hôtel"
    SANS = "sans", "Sans hébergement, nomade, autre"


class Vehicule(models.TextChoices):
    AUCUN = "aucun", "Aucun véhicule motorisé"
    AUTOMOBILE = "automobile", "Automobile"
    DEUX_ROUES = "deux_roues", "Deux-roues motorisé"


class Origine(models.TextChoices):
    ENTOURAGE = "entourage", "Amis, famille"
    DEMARCHE_PERSONNELLE = "demarche_personnelle", "Démarche personnelle"
    MISSION_LOCALE = "mission_locale", "Mission Locale"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    ENTREPRISE = "entreprise", "Entreprises, agences d'intérim"
    INTERVENANT_SOCIAL = "intervenant_social", "Intervenant social"
    EDUCATION = "education", "CIO, Éducation nationale"
    AUTRE = "autre", "Autre"
