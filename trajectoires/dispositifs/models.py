"""The programmes catalogue and a young person's entries into and exits from programmes."""

from __future__ import annotations

from django.db import models

from trajectoires.dispositifs.enums import CATALOGUE, Echelon, MotifSortie
from trajectoires.utils.models import LongCharField, StructureOwned


class Dispositif(StructureOwned):
    """A programme of the catalogue. ext_id is its code (`pacea`, `cej`, …). The built-in
    codes need no row; rows extend the catalogue with local programmes (dispositifs.csv)."""

    nom = LongCharField("nom")
    echelon = models.CharField("échelon", max_length=10, choices=Echelon.choices)
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)

    class Meta:
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"
        ordering = ["ext_id"]
        constraints = [
            StructureOwned.unique_ext_id("dispositif"),
            models.CheckConstraint(
                condition=models.Q(date_fin__isnull=True) | models.Q(date_fin__gte=models.F("date_debut")),
                name="dispositif_fin_apres_debut",
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    @staticmethod
    def label(code: str, structure=None) -> str:  # type: ignore[no-untyped-def]
        if code in CATALOGUE:
            return CATALOGUE[code][0]
        if structure is not None:
            row = Dispositif.objects.filter(structure=structure, ext_id=code).values_list("nom", flat=True).first()
            if row:
                return row
        return code


class Inscription(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="inscriptions", verbose_name="jeune"
    )
    dispositif = models.CharField("dispositif (code)", max_length=100)
    date_entree = models.DateField("date d'entrée")
    date_sortie = models.DateField("date de sortie", null=True, blank=True)
    motif_sortie = models.CharField(
        "motif de sortie", max_length=25, choices=MotifSortie.choices, null=True, blank=True
    )
    # Application-side only (not in the interchange format): the end the counsellor plans, set at
    # entry from the programme's rules (dispositifs.rules.fin_prevue_par_defaut) and editable.
    date_fin_prevue = models.DateField("date de fin prévue", null=True, blank=True)

    class Meta:
        verbose_name = "inscription à un dispositif"
        verbose_name_plural = "inscriptions aux dispositifs"
        ordering = ["-date_entree"]
        constraints = [
            StructureOwned.unique_ext_id("inscription"),
            models.CheckConstraint(
                condition=models.Q(date_sortie__isnull=True) | models.Q(date_sortie__gte=models.F("date_entree")),
                name="inscription_sortie_apres_entree",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "dispositif", "date_entree"], name="inscription_periode_idx"),
            models.Index(fields=["jeune", "date_entree"], name="inscription_jeune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dispositif} depuis le {self.date_entree:%d/%m/%Y}"
