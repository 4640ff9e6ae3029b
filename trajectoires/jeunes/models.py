"""The young person's file (dossier jeune): the profile as known today."""

from __future__ import annotations

from django.db import models

from trajectoires.jeunes.enums import Hebergement, Niveau, Origine, Sexe, Vehicule
from trajectoires.utils.models import LongCharField, StructureOwned


class Jeune(StructureOwned):
    nom = LongCharField("nom")
    prenom = LongCharField("prénom")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance")
    commune = models.CharField("commune de résidence (code INSEE)", max_length=5, null=True, blank=True)
    qpv = models.CharField("quartier prioritaire (QPV)", max_length=100, null=True, blank=True)
    niveau = models.CharField("niveau de formation", max_length=4, choices=Niveau.choices, null=True, blank=True)
    diplome = models.BooleanField("niveau validé par un diplôme", null=True, blank=True)
    hebergement = models.CharField(
        "hébergement", max_length=10, choices=Hebergement.choices, null=True, blank=True
    )
    permis_b = models.BooleanField("permis B", null=True, blank=True)
    vehicule = models.CharField("véhicule motorisé", max_length=12, choices=Vehicule.choices, null=True, blank=True)
    enfants = models.PositiveSmallIntegerField("enfants à charge", null=True, blank=True)
    rqth = models.BooleanField("RQTH", null=True, blank=True)
    nationalite = models.CharField("nationalité (ISO 3166-1)", max_length=2, null=True, blank=True)
    origine = models.CharField("origine de la venue", max_length=25, choices=Origine.choices, null=True, blank=True)
    conseiller = models.ForeignKey(
        "accounts.Conseiller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portefeuille",
        verbose_name="conseiller référent",
    )
    site = models.ForeignKey(
        "structures.Site", on_delete=models.PROTECT, null=True, blank=True, verbose_name="site de rattachement"
    )

    class Meta:
        verbose_name = "jeune"
        verbose_name_plural = "jeunes"
        ordering = ["nom", "prenom"]
        constraints = [
            StructureOwned.unique_ext_id("jeune"),
            models.CheckConstraint(condition=models.Q(enfants__gte=0), name="jeune_enfants_positive"),
        ]
        indexes = [models.Index(fields=["structure", "nom", "prenom"], name="jeune_nom_idx")]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"
