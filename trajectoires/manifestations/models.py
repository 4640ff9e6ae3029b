"""Forums, fairs, company visits and other collective events."""

from __future__ import annotations

from django.db import models

from trajectoires.manifestations.enums import TypeManifestation
from trajectoires.utils.models import LongCharField, StructureOwned


class Manifestation(StructureOwned):
    date = models.DateField("date")
    titre = LongCharField("titre")
    type = models.CharField("type", max_length=20, choices=TypeManifestation.choices)
    jeunes = models.PositiveIntegerField("jeunes présents", null=True, blank=True)
    partenaires = models.PositiveIntegerField("partenaires présents", null=True, blank=True)

    class Meta:
        verbose_name = "manifestation"
        verbose_name_plural = "manifestations"
        ordering = ["-date"]
        constraints = [StructureOwned.unique_ext_id("manifestation")]
        indexes = [models.Index(fields=["structure", "date"], name="manifestation_periode_idx")]

    def __str__(self) -> str:
        return self.titre
