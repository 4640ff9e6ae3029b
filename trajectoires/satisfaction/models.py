"""Satisfaction survey answers (one row per answer)."""

from __future__ import annotations

from django.db import models

from trajectoires.satisfaction.enums import Public, Reponse
from trajectoires.utils.models import LongCharField, StructureOwned


class ReponseSatisfaction(StructureOwned):
    repondant = models.CharField("répondant", max_length=100)
    public = models.CharField("public", max_length=10, choices=Public.choices)
    date = models.DateField("date")
    question = LongCharField("question")
    reponse = models.PositiveSmallIntegerField("réponse", choices=Reponse.choices)

    class Meta:
        verbose_name = "réponse à l'enquête de satisfaction"
        verbose_name_plural = "réponses aux enquêtes de satisfaction"
        ordering = ["-date"]
        constraints = [
            StructureOwned.unique_ext_id("reponsesatisfaction"),
            models.CheckConstraint(
                condition=models.Q(reponse__gte=1, reponse__lte=4), name="satisfaction_reponse_1_4"
            ),
        ]
        indexes = [models.Index(fields=["structure", "date"], name="satisfaction_periode_idx")]
