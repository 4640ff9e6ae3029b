from django.db import models


class TypeManifestation(models.TextChoices):
    FORUM = "forum", "Forum"
    SALON = "salon", "Salon"
    VISITE_ENTREPRISE = "visite_entreprise", "Visite d'entreprise"
    ATELIER_PARTENAIRE = "atelier_partenaire", "Atelier avec un partenaire"
    EVENEMENT = "evenement", "Événement"
    AUTRE = "autre", "Autre"
