from django.db import models


class Categorie(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    ALTERNANCE = "alternance", "Alternance"
    FORMATION = "formation", "Formation"
    IMMERSION = "immersion", "Immersion en entreprise"
    VOLONTARIAT = "volontariat", "Volontariat"
    SCOLARITE = "scolarite", "Scolarité"


class TypeSituation(models.TextChoices):
    # emploi
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim"
    PEC = "pec", "PEC (parcours emploi compétences)"
    CIE = "cie", "CIE (contrat initiative emploi)"
    IAE = "iae", "Insertion par l'activité économique"
    CREATION = "creation", "Création d'entreprise"
    # alternance
    APPRENTISSAGE = "apprentissage", "Apprentissage"
    PROFESSIONNALISATION = "professionnalisation", "Contrat de professionnalisation"
    # formation
    QUALIFIANTE = "qualifiante", "Formation qualifiante"
    PRE_QUALIFIANTE = "pre_qualifiante", "Formation pré-qualifiante"
    POE = "poe", "POE (préparation opérationnelle à l'emploi)"
    # immersion
    PMSMP = "pmsmp", "PMSMP"
    STAGE = "stage", "Stage"
    # volontariat
    SERVICE_CIVIQUE = "service_civique", "Service civique"
    # scolarite
    RETOUR_FORMATION_INITIALE = "retour_formation_initiale", "Retour en formation initiale"
    AUTRE = "autre", "Autre"


TYPES_PAR_CATEGORIE: dict[str, tuple[str, ...]] = {
    Categorie.EMPLOI: ("cdi", "cdd", "interim", "pec", "cie", "iae", "creation", "autre"),
    Categorie.ALTERNANCE: ("apprentissage", "professionnalisation"),
    Categorie.FORMATION: ("qualifiante", "pre_qualifiante", "poe", "autre"),
    Categorie.IMMERSION: ("pmsmp", "stage", "autre"),
    Categorie.VOLONTARIAT: ("service_civique", "autre"),
    Categorie.SCOLARITE: ("retour_formation_initiale",),
}
