"""Financial and material help granted to a young person."""

from __future__ import annotations

from django.db import models

from trajectoires.aides.enums import PublicBareme, TypeAide
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


class PlafondAide(models.Model):
    """The cap of a help or an allowance from a date on (reference data, editable in the admin).
    The legal amounts of the PACEA, CEJ and Garantie jeunes allowances are seeded by a data
    migration with their source; local helps (FDAJ…) get a row when the Mission Locale sets one.
    A help with no row in force has no cap."""

    type = models.CharField("type d'aide", max_length=20, choices=TypeAide.choices)
    public = models.CharField("public", max_length=25, choices=PublicBareme.choices, default=PublicBareme.TOUS)
    date_debut = models.DateField("en vigueur à partir du")
    date_fin = models.DateField(
        "en vigueur jusqu'au", null=True, blank=True, help_text="Vide : jusqu'au barème suivant."
    )
    plafond_mensuel = models.DecimalField(
        "plafond par mois civil (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    plafond_12_mois = models.DecimalField(
        "plafond sur 12 mois glissants (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    source = models.TextField("source", help_text="Texte officiel ou décision locale qui fixe ce montant.")

    class Meta:
        verbose_name = "plafond d'aide"
        verbose_name_plural = "plafonds d'aides (barèmes)"
        ordering = ["type", "public", "-date_debut"]
        constraints = [
            models.UniqueConstraint(fields=["type", "public", "date_debut"], name="plafond_aide_unique_periode"),
            models.CheckConstraint(
                condition=models.Q(plafond_mensuel__isnull=False) | models.Q(plafond_12_mois__isnull=False),
                name="plafond_aide_un_montant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} – {self.get_public_display()} – depuis le {self.date_debut:%d/%m/%Y}"
