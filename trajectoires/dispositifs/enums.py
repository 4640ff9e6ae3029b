from django.db import models


class Echelon(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Régional"
    LOCAL = "local", "Local"


class MotifSortie(models.TextChoices):
    EMPLOI_DURABLE = "emploi_durable", "Emploi durable (CDI, CDD ou intérim de 6 mois et plus)"
    EMPLOI = "emploi", "Emploi de moins de 6 mois"
    ALTERNANCE = "alternance", "Alternance"
    FORMATION_QUALIFIANTE = "formation_qualifiante", "Formation qualifiante"
    FORMATION = "formation", "Formation"
    CREATION_ENTREPRISE = "creation_entreprise", "Création d'entreprise"
    SERVICE_CIVIQUE = "service_civique", "Service civique"
    FIN_DE_PARCOURS = "fin_de_parcours", "Fin de parcours"
    ABANDON = "abandon", "Abandon"
    DEMENAGEMENT = "demenagement", "Déménagement"
    EXCLUSION = "exclusion", "Exclusion"
    AUTRE = "autre", "Autre"


# Exits "with a job-or-training solution" add these to the positive motifs (interchange.md).
MOTIFS_SOLUTION_NON_POSITIVE = (MotifSortie.EMPLOI, MotifSortie.FORMATION)

# The built-in catalogue (interchange.md): code -> (name, level, first day or None, last day or None).
# Dates are the programmes' legal bounds where the law sets them (see docs/domain.md).
CATALOGUE = {
    "pacea": ("PACEA – Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie", Echelon.NATIONAL),
    "cej": ("CEJ – Contrat d'engagement jeune", Echelon.NATIONAL),
    "garantie_jeunes": ("Garantie jeunes", Echelon.NATIONAL),
    "ppae": ("PPAE – Projet personnalisé d'accès à l'emploi", Echelon.NATIONAL),
    "parrainage": ("Parrainage", Echelon.NATIONAL),
    "cep": ("CEP – Conseil en évolution professionnelle", Echelon.NATIONAL),
    "cui_cie": ("CUI-CIE – Contrat initiative emploi", Echelon.NATIONAL),
    "pec": ("PEC – Parcours emploi compétences", Echelon.NATIONAL),
    "jsmj_mf": ("Justice – jeunes sous main de justice en milieu fermé", Echelon.NATIONAL),
    "jsmj_mo": ("Justice – jeunes sous main de justice en milieu ouvert", Echelon.NATIONAL),
    "ambition_emploi": ("Ambition emploi", Echelon.REGIONAL),
    "psychologue": ("Permanence psychologue", Echelon.LOCAL),
    "ctai": ("CTAI", Echelon.LOCAL),
    "sante": ("Santé", Echelon.LOCAL),
    "obligation_formation": ("Obligation de formation 16-18 ans", Echelon.NATIONAL),
}
