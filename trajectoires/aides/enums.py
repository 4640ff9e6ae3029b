from django.db import models


class TypeAide(models.TextChoices):
    ALLOCATION_PACEA = "allocation_pacea", "Allocation PACEA"
    ALLOCATION_CEJ = "allocation_cej", "Allocation CEJ"
    ALLOCATION_GJ = "allocation_gj", "Allocation Garantie jeunes"
    FDAJ = "fdaj", "FDAJ (fonds départemental d'aide aux jeunes)"
    TITRE_TRANSPORT = "titre_transport", "Titre de transport"
    AIDE_PERMIS = "aide_permis", "Aide au permis de conduire"
    AUTRE = "autre", "Autre aide"


class PublicBareme(models.TextChoices):
    """Who an allowance amount applies to (the CEJ amount depends on age and tax household)."""

    TOUS = "tous", "Tous les bénéficiaires"
    MAJEUR_NON_IMPOSABLE = "majeur_non_imposable", "Majeur, foyer fiscal non imposable"
    MAJEUR_PREMIERE_TRANCHE = "majeur_1re_tranche", "Majeur, foyer fiscal imposé dans la 1re tranche"
    MINEUR = "mineur", "Mineur"


# An allowance is paid to a young person in the programme it belongs to (checked at grant time).
DISPOSITIF_DE_L_ALLOCATION = {
    "allocation_pacea": "pacea",
    "allocation_cej": "cej",
    "allocation_gj": "garantie_jeunes",
}
