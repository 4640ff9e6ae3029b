"""Jobs, work-study, training, immersions, volunteering, return to school."""

from __future__ import annotations

from django.db import models

from trajectoires.situations.enums import Categorie, TypeSituation
from trajectoires.utils.models import StructureOwned


class Situation(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="situations", verbose_name="jeune"
    )
    categorie = models.CharField("catégorie", max_length=12, choices=Categorie.choices)
    type = models.CharField("type", max_length=30, choices=TypeSituation.choices)
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)
    employeur = models.ForeignKey(
        "entreprises.Employeur", on_delete=models.PROTECT, null=True, blank=True, verbose_name="employeur"
    )

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["-date_debut"]
        constraints = [
            StructureOwned.unique_ext_id("situation"),
            models.CheckConstraint(
                condition=models.Q(date_fin__isnull=True) | models.Q(date_fin__gte=models.F("date_debut")),
                name="situation_fin_apres_debut",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "date_debut"], name="situation_periode_idx"),
            models.Index(fields=["jeune", "date_debut"], name="situation_jeune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.get_categorie_display()})"
