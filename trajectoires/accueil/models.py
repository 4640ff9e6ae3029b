"""The walk-in queue ("accueil au flux"): reception registers who arrives without an
appointment, a counsellor takes the next one and records the first interview."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trajectoires.accueil.enums import Statut
from trajectoires.utils.models import LongCharField, StructureOwned


class Arrivee(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, null=True, blank=True, related_name="arrivees",
        verbose_name="dossier", help_text="Vide : une personne qui n'a pas encore de dossier.",
    )
    nom = LongCharField("nom", blank=True, default="")
    prenom = LongCharField("prénom", blank=True, default="")
    date_naissance = models.DateField(
        "date de naissance", null=True, blank=True,
        help_text="D'une personne sans dossier : pour retrouver son dossier.",
    )
    site = models.ForeignKey("structures.Site", on_delete=models.PROTECT, null=True, blank=True, verbose_name="site")
    motif = LongCharField("motif de la venue", blank=True, default="")
    arrivee_le = models.DateTimeField("arrivé(e) à")
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="enregistrée par",
    )
    statut = models.CharField("statut", max_length=15, choices=Statut.choices, default=Statut.ATTENTE)
    pris_par = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="reçu(e) par",
    )
    pris_le = models.DateTimeField("pris(e) en charge à", null=True, blank=True)
    oriente_vers = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="orienté(e) vers", help_text="Le conseiller ou la conseillère que la personne attend.",
    )
    oriente_le = models.DateTimeField("orienté(e) à", null=True, blank=True)
    parti_le = models.DateTimeField("parti(e) sans être reçu(e) à", null=True, blank=True)
    evenement = models.OneToOneField(
        "accompagnement.Evenement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="entretien enregistré",
    )

    class Meta:
        verbose_name = "arrivée à l'accueil"
        verbose_name_plural = "arrivées à l'accueil"
        ordering = ["arrivee_le", "pk"]
        constraints = [StructureOwned.unique_ext_id("arrivee")]
        indexes = [models.Index(fields=["structure", "statut", "arrivee_le"], name="arrivee_file_idx")]

    def __str__(self) -> str:
        return f"{self.nom_affiche} ({self.arrivee_le:%d/%m/%Y %H:%M})"

    @property
    def nom_affiche(self) -> str:
        if self.jeune_id is not None:
            return f"{self.jeune.nom.upper()} {self.jeune.prenom}"
        return f"{self.nom.upper()} {self.prenom}".strip()
