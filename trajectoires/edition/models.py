"""Editions of the activity report (frozen figures) and the free pages the team writes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trajectoires.utils.models import LongCharField


class EditionStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours de calcul"
    DONE = "done", "Prête"
    FAILED = "failed", "Échec"


class FilterKey(models.TextChoices):
    SITE = "site", "Site"
    SECTEUR = "secteur", "Secteur"
    EPCI = "epci", "EPCI"
    CONSEILLER = "conseiller", "Conseiller"
    DISPOSITIF = "dispositif", "Dispositif"


class Edition(models.Model):
    """One generated report. Once `done`, `rapport` (the engine's dict) and `contexte`
    (territory, labels, free pages, definitions…) are never written again: the published
    report stays as it was, whatever happens to the data afterwards."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, verbose_name="structure")
    debut = models.DateField("début de la période")
    fin = models.DateField("fin de la période")
    filtre_cle = models.CharField("filtre", max_length=20, choices=FilterKey.choices, blank=True)
    filtre_valeur = models.CharField("valeur du filtre", max_length=200, blank=True)
    titre = models.CharField("titre", max_length=200, blank=True)
    status = models.CharField("état", max_length=10, choices=EditionStatus.choices, default=EditionStatus.PENDING)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    error = models.TextField("erreur", blank=True)
    data_date = models.DateTimeField(
        "données arrêtées au",
        null=True,
        blank=True,
        help_text="Dernier import ou dernière modification des données de la structure avant le calcul.",
    )
    generated_at = models.DateTimeField("générée le", null=True, blank=True)
    rapport = models.JSONField("rapport figé", null=True, blank=True)
    contexte = models.JSONField("contexte figé", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="créée par"
    )

    class Meta:
        verbose_name = "édition du rapport d'activité"
        verbose_name_plural = "éditions du rapport d'activité"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["structure", "-created_at"], name="edition_structure_idx")]

    def __str__(self) -> str:
        return self.titre or f"Rapport du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    @property
    def filtre(self) -> tuple[str, str] | None:
        return (self.filtre_cle, self.filtre_valeur) if self.filtre_cle else None

    @property
    def is_done(self) -> bool:
        return self.status == EditionStatus.DONE

    @property
    def is_running(self) -> bool:
        return self.status in (EditionStatus.PENDING, EditionStatus.RUNNING)


class DataStamp(models.Model):
    """When a structure's data last changed: its last import (the interchange signal
    `dataset_written`) and the last change saved in the application (rows of the domain apps
    created, changed or deleted). The data date of the report ("données arrêtées au …") is the
    later of the two (datadate.py)."""

    structure = models.OneToOneField(
        "structures.Structure", on_delete=models.CASCADE, related_name="+", verbose_name="structure"
    )
    imported_at = models.DateTimeField("dernier import", null=True, blank=True)
    changed_at = models.DateTimeField("dernière modification dans l'application", null=True, blank=True)

    class Meta:
        verbose_name = "date des données"
        verbose_name_plural = "dates des données"

    def __str__(self) -> str:
        return f"Données de {self.structure_id} au {self.as_of}"

    @property
    def as_of(self):  # type: ignore[no-untyped-def]
        known = [t for t in (self.imported_at, self.changed_at) if t is not None]
        return max(known) if known else None


class PageKind(models.TextChoices):
    EDITORIAL = "editorial", "Éditorial"
    PARCOURS = "parcours", "Parcours d'un jeune"
    BUDGET = "budget", "Budget"
    ORGANIGRAMME = "organigramme", "Organigramme"
    EVENEMENTS = "evenements", "Événements de l'année"


class PageLibre(models.Model):
    """A text written by the team and placed in section 15 of the report."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, verbose_name="structure")
    kind = models.CharField("type de page", max_length=20, choices=PageKind.choices, default=PageKind.EDITORIAL)
    title = LongCharField("titre")
    text = models.TextField("texte", help_text="Séparez les paragraphes par une ligne vide.")
    order = models.PositiveSmallIntegerField(
        "ordre", default=0, help_text="Les pages sont placées par ordre croissant."
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "page libre"
        verbose_name_plural = "pages libres"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "kind_label": str(self.get_kind_display()), "title": self.title, "text": self.text}
