"""Financial and material help granted to a young person."""

from __future__ import annotations

from django.db import models

from trajectoires.aides.enums import TypeAide
from trajectoires.utils.models import StructureOwned


class Aide(StructureOwned):
    jeune = models.ForeignKey("jeunes.Jeune", on_delete=models.CASCADE, related_name="aides", verbose_name="jeune")
    type = models.CharField("type", max_length=20, choices=TypeAide.choices)
    date = models.DateField("date de la décision")
    montant = models.DecimalField("montant (€)", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "aide"
        verbose_name_plural = "aides"
        ordering = ["-date"]
        constraints = [
            StructureOwned.unique_ext_id("aide"),
            models.CheckConstraint(condition=models.Q(montant__gte=0), name="aide_montant_positif"),
        ]
        indexes = [models.Index(fields=["structure", "date"], name="aide_periode_idx")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"
