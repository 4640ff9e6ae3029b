"""16–18 year olds reported as out of school (obligation de formation)."""

from __future__ import annotations

from django.db import models

from trajectoires.obligation_formation.enums import Source, Statut
from trajectoires.utils.models import LongCharField, StructureOwned


class Signalement(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalements_obligation",
        verbose_name="jeune",
    )
    nom = LongCharField("nom")
    prenom = LongCharField("prénom")
    date_naissance = models.DateField("date de naissance")
    date_signalement = models.DateField("date du signalement")
    source = models.CharField("source", max_length=15, choices=Source.choices)
    statut = models.CharField("statut", max_length=20, choices=Statut.choices)
    date_statut = models.DateField("date du statut")

    class Meta:
        verbose_name = "signalement obligation de formation"
        verbose_name_plural = "signalements obligation de formation"
        ordering = ["-date_signalement"]
        constraints = [StructureOwned.unique_ext_id("signalement")]
        indexes = [models.Index(fields=["structure", "date_signalement"], name="signalement_periode_idx")]
