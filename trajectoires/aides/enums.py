from django.db import models


class TypeAide(models.TextChoices):
    ALLOCATION_PACEA = "allocation_pacea", "Allocation PACEA"
    ALLOCATION_CEJ = "allocation_cej", "Allocation CEJ"
    ALLOCATION_GJ = "allocation_gj", "Allocation Garantie jeunes"
    FDAJ = "fdaj", "FDAJ (fonds départemental d'aide aux jeunes)"
    TITRE_TRANSPORT = "titre_transport", "Titre de transport"
    AIDE_PERMIS = "aide_permis", "Aide au permis de conduire"
    AUTRE = "autre", "Autre aide"
