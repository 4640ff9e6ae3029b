from django.db import models


class Statut(models.TextChoices):
    ATTENTE = "attente", "En attente"
    EN_ENTRETIEN = "en_entretien", "En entretien"
    TERMINE = "termine", "Reçu(e)"
    PARTI = "parti", "Parti(e) sans être reçu(e)"
