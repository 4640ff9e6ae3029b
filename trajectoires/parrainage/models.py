"""The volunteer mentoring network: mentors (parrains, marraines) and their pairings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.utils.models import LongCharField, StructureOwned


class Parrain(StructureOwned):
    nom = LongCharField("nom")
    prenom = LongCharField("prénom")
    statut = models.CharField("statut", max_length=10, choices=StatutParrain.choices)
    date_entree = models.DateField("entrée dans le réseau")
    date_sortie = models.DateField("sortie du réseau", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parrain",
        verbose_name="compte",
    )

    class Meta:
        verbose_name = "parrain ou marraine"
        verbose_name_plural = "parrains et marraines"
        ordering = ["nom", "prenom"]
        constraints = [
            StructureOwned.unique_ext_id("parrain"),
            models.CheckConstraint(
                condition=models.Q(date_sortie__isnull=True) | models.Q(date_sortie__gte=models.F("date_entree")),
                name="parrain_sortie_apres_entree",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"


class Parrainage(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="parrainages", verbose_name="jeune"
    )
    parrain = models.ForeignKey(Parrain, on_delete=models.PROTECT, related_name="parrainages", verbose_name="parrain")
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)
    issue = models.CharField("issue", max_length=15, choices=Issue.choices, null=True, blank=True)
    entretiens = models.PositiveIntegerField("rencontres avec le parrain", null=True, blank=True)

    class Meta:
        verbose_name = "parrainage"
        verbose_name_plural = "parrainages"
        ordering = ["-date_debut"]
        constraints = [
            StructureOwned.unique_ext_id("parrainage"),
            models.CheckConstraint(
                condition=models.Q(date_fin__isnull=True) | models.Q(date_fin__gte=models.F("date_debut")),
                name="parrainage_fin_apres_debut",
            ),
        ]
