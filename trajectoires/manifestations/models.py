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
    # Written in the application only (not in the interchange format): docs/immersions.md, "Forums".
    lieu = LongCharField("lieu", null=True, blank=True)
    employeurs = models.ManyToManyField(
        "entreprises.Employeur", blank=True, related_name="manifestations", verbose_name="employeurs présents"
    )

    class Meta:
        verbose_name = "manifestation"
        verbose_name_plural = "manifestations"
        ordering = ["-date"]
        constraints = [StructureOwned.unique_ext_id("manifestation")]
        indexes = [models.Index(fields=["structure", "date"], name="manifestation_periode_idx")]

    def __str__(self) -> str:
        return self.titre


class Participant(models.Model):
    """A young person registered to an event, present or not. Marking them present records one
    contact on their file (`evenement`), removed if the mark is taken back (services.py)."""

    manifestation = models.ForeignKey(
        Manifestation, on_delete=models.CASCADE, related_name="participants", verbose_name="manifestation"
    )
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="manifestations", verbose_name="jeune"
    )
    present = models.BooleanField("présent(e)", default=False)
    evenement = models.OneToOneField(
        "accompagnement.Evenement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="contact enregistré",
    )
    inscrit_le = models.DateTimeField("inscrit le", auto_now_add=True)

    class Meta:
        verbose_name = "jeune inscrit à une manifestation"
        verbose_name_plural = "jeunes inscrits aux manifestations"
        ordering = ["jeune__nom", "jeune__prenom"]
        constraints = [models.UniqueConstraint(fields=["manifestation", "jeune"], name="participant_unique")]

    def __str__(self) -> str:
        return f"{self.jeune} – {self.manifestation}"
