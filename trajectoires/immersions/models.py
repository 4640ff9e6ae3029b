"""PMSMP conventions (périodes de mise en situation en milieu professionnel, docs/immersions.md).

A convention is the paper of one period: a young person, a host employer, dates, tutor,
objective, hours. Saving one records (or, for a renewal, extends) the `immersion`/`pmsmp`
situation of the file, which the report counts; the convention points to it."""

from __future__ import annotations

from django.db import models

from trajectoires.immersions.enums import Objectif
from trajectoires.utils.models import LongCharField, StructureOwned


class ConventionImmersion(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="conventions_immersion", verbose_name="jeune"
    )
    employeur = models.ForeignKey(
        "entreprises.Employeur", on_delete=models.PROTECT, related_name="conventions_immersion",
        verbose_name="structure d'accueil",
    )
    situation = models.ForeignKey(
        "situations.Situation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="conventions_immersion", verbose_name="situation",
    )
    renouvellement_de = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renouvellements",
        verbose_name="renouvellement de",
    )
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="conseiller prescripteur"
    )
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin")
    objectif = models.CharField("objectif", max_length=12, choices=Objectif.choices)
    metier = LongCharField("métier ou poste observé", null=True, blank=True)
    tuteur_nom = LongCharField("tuteur : nom")
    tuteur_fonction = LongCharField("tuteur : fonction")
    tuteur_telephone = models.CharField("tuteur : téléphone", max_length=30)
    horaires = models.TextField("horaires", null=True, blank=True)
    duree_heures = models.PositiveIntegerField("durée totale (heures)", null=True, blank=True)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "convention d'immersion (PMSMP)"
        verbose_name_plural = "conventions d'immersion (PMSMP)"
        ordering = ["-date_debut"]
        constraints = [
            StructureOwned.unique_ext_id("conventionimmersion"),
            models.CheckConstraint(
                condition=models.Q(date_fin__gte=models.F("date_debut")), name="convention_fin_apres_debut"
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "date_debut"], name="convention_periode_idx"),
            models.Index(fields=["jeune", "employeur"], name="convention_accueil_idx"),
        ]

    def __str__(self) -> str:
        return f"PMSMP chez {self.employeur} du {self.date_debut:%d/%m/%Y} au {self.date_fin:%d/%m/%Y}"

    @property
    def est_renouvellement(self) -> bool:
        return self.renouvellement_de_id is not None
