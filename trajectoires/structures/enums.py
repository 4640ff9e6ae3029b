from django.db import models


class SiteType(models.TextChoices):
    SIEGE = "siege", "Siège"
    SITE = "site", "Site"
    ANTENNE = "antenne", "Antenne"
    PERMANENCE = "permanence", "Permanence"
    QUARTIER = "quartier", "Quartier"
