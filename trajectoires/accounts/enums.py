from django.db import models


class Role(models.TextChoices):
    DIRECTION = "direction", "Direction"
    CONSEILLER = "conseiller", "Conseiller ou conseillère"
    ACCUEIL = "accueil", "Chargé(e) d'accueil"
    RELATIONS_ENTREPRISES = "relations_entreprises", "Relations entreprises"
    REPERAGE = "reperage", "Équipe de repérage (aller vers)"
    PARRAIN = "parrain", "Parrain ou marraine bénévole"
    ADMINISTRATEUR = "administrateur", "Administrateur"
