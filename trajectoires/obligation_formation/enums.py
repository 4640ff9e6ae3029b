from django.db import models


class Source(models.TextChoices):
    RIO = "rio", "RIO (plateforme de suivi des décrocheurs)"
    CIO = "cio", "CIO"
    ETABLISSEMENT = "etablissement", "Établissement scolaire"
    AUTRE = "autre", "Autre"


class Statut(models.TextChoices):
    A_CONTACTER = "a_contacter", "À contacter"
    CONTACTE = "contacte", "Contacté"
    CONVOQUE = "convoque", "Convoqué"
    EN_SOLUTION = "en_solution", "En solution"
    INJOIGNABLE = "injoignable", "Injoignable"
    REFUS = "refus", "Refus"
    HORS_CHAMP = "hors_champ", "Hors champ"
    SIGNALE_DEPARTEMENT = "signale_departement", "Signalé au département"
