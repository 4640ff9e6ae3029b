"""Outreach ("aller vers"): actions to meet invisible young people, and those identified."""

from __future__ import annotations

from django.db import models

from trajectoires.jeunes.enums import Sexe
from trajectoires.reperage.enums import Canal, Lieu
from trajectoires.utils.models import StructureOwned


class ActionReperage(StructureOwned):
    date = models.DateField("date")
    canal = models.CharField("canal", max_length=10, choices=Canal.choices)
    lieu = models.CharField("lieu", max_length=15, choices=Lieu.choices, null=True, blank=True)
    heures = models.DecimalField("heures hors les murs", max_digits=8, decimal_places=2, null=True, blank=True)
    personnes_rencontrees = models.PositiveIntegerField("personnes rencontrées", null=True, blank=True)
    jeunes_contactes = models.PositiveIntegerField("jeunes contactés", null=True, blank=True)

    class Meta:
        verbose_name = "action de repérage"
        verbose_name_plural = "actions de repérage"
        ordering = ["-date"]
        constraints = [
            StructureOwned.unique_ext_id("actionreperage"),
            models.CheckConstraint(condition=models.Q(heures__gte=0), name="actionreperage_heures_positives"),
        ]
        indexes = [models.Index(fields=["structure", "date"], name="actionreperage_periode_idx")]


class Repere(StructureOwned):
    """A young person identified ("repéré"): not known to, or not followed by, the public
    employment service for at least 5 months."""

    action = models.ForeignKey(ActionReperage, on_delete=models.CASCADE, related_name="reperes", verbose_name="action")
    date = models.DateField("date")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    commune = models.CharField("commune (code INSEE)", max_length=5, null=True, blank=True)
    jeune = models.ForeignKey(
        "jeunes.Jeune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reperages",
        verbose_name="jeune",
    )

    class Meta:
        verbose_name = "jeune repéré"
        verbose_name_plural = "jeunes repérés"
        ordering = ["-date"]
        constraints = [StructureOwned.unique_ext_id("repere")]
        indexes = [models.Index(fields=["structure", "date"], name="repere_periode_idx")]
