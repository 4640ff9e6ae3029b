"""Every contact between the Mission Locale and a young person."""

from __future__ import annotations

from django.db import models

from trajectoires.accompagnement.enums import Nature
from trajectoires.utils.models import StructureOwned


class Evenement(StructureOwned):
    # No single-column index on `jeune`: the (jeune, date) index below serves every query on
    # it (its first column), and each index is work for every insert and for every rebuild of
    # a bulk import (docs/interchange.md). The one on `structure` stays: reading a structure's
    # events by it visits the rows in table order, by (structure, date) at random places.
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="evenements", verbose_name="jeune", db_index=False
    )
    date = models.DateField("date")
    nature = models.CharField("nature", max_length=25, choices=Nature.choices)
    honore = models.BooleanField(
        "honoré", null=True, blank=True, help_text="Non : rendez-vous manqué. Vide ou oui : le contact a eu lieu."
    )
    site = models.ForeignKey("structures.Site", on_delete=models.PROTECT, null=True, blank=True, verbose_name="site")
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, verbose_name="conseiller"
    )
    themes = models.CharField("thèmes", max_length=200, blank=True, default="", help_text="Codes séparés par |")
    # The interview as written by the counsellor (issue 12): personal data, never in the report,
    # the interchange format or the journal (masked), cleared by retention. Plain text.
    note = models.TextField("note d'entretien", blank=True, default="")
    duree = models.PositiveSmallIntegerField("durée (minutes)", null=True, blank=True)
    prochaines_etapes = models.TextField("prochaines étapes", blank=True, default="")
    note_sensible = models.BooleanField(
        "note sensible (santé, justice)", default=False,
        help_text="Lue seulement par la direction et le conseiller référent (docs/permissions.md).",
    )

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["-date"]
        constraints = [StructureOwned.unique_ext_id("evenement")]
        indexes = [
            models.Index(fields=["structure", "date"], name="evenement_periode_idx"),
            models.Index(fields=["jeune", "date"], name="evenement_jeune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} du {self.date:%d/%m/%Y}"

    @property
    def a_eu_lieu(self) -> bool:
        return self.honore is not False
