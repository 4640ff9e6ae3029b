"""The audit journal (one table, django-auditlog's entry model with three indexed columns of
ours) and the retention notices.

`AuditEntry` is the `AUDITLOG_LOGENTRY_MODEL`: every change of a registered model, every read
recorded by `rgpd.audit.record_read` and every import land here. `jeune_ref` and
`structure_ref` are plain integers, not foreign keys: an entry outlives the row it describes
(a deleted contact keeps its history) and filtering the journal by young person or Mission
Locale is one indexed lookup."""

from __future__ import annotations

from typing import Any

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models

from trajectoires.rgpd.describe import describe


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance: Any, force_log: bool = False, **kwargs: Any) -> AuditEntry | None:
        """django-auditlog's entry of a change, with our columns (rgpd/describe.py)."""
        for key, value in describe(instance).items():
            kwargs.setdefault(key, value)
        return super().log_create(instance, force_log=force_log, **kwargs)


class AuditEntry(AbstractLogEntry):
    jeune_ref = models.BigIntegerField("jeune concerné (identifiant interne)", null=True, blank=True, db_index=True)
    structure_ref = models.BigIntegerField(
        "Mission Locale (identifiant interne)", null=True, blank=True, db_index=True
    )
    sensitive = models.BooleanField("donnée sensible", default=False)
    what = models.CharField("objet de l'accès", max_length=200, blank=True, default="")

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        indexes = [
            models.Index(fields=["structure_ref", "timestamp"], name="audit_structure_time_idx"),
            models.Index(fields=["jeune_ref", "timestamp"], name="audit_jeune_time_idx"),
        ]


class RetentionNotice(models.Model):
    """A young person announced to their referent as due for anonymisation (`retention --notifier`)."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="Mission Locale")
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="avis_conservation", verbose_name="jeune"
    )
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="conseiller référent"
    )
    motif = models.CharField("motif", max_length=300)
    notified_at = models.DateTimeField("avis envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "avis de fin de conservation"
        verbose_name_plural = "avis de fin de conservation"
        ordering = ["-notified_at"]

    def __str__(self) -> str:  # the id, never the name: the young person is about to be anonymised
        return f"avis de fin de conservation du jeune {self.jeune_id}"


class Anonymisation(models.Model):
    """A young person whose file was anonymised (`retention --appliquer`): never selected again."""

    jeune = models.OneToOneField(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="anonymisation", verbose_name="jeune"
    )
    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="Mission Locale")
    anonymised_at = models.DateTimeField("anonymisé le", auto_now_add=True)
    motif = models.CharField("motif", max_length=300)

    class Meta:
        verbose_name = "dossier anonymisé"
        verbose_name_plural = "dossiers anonymisés"
        ordering = ["-anonymised_at"]

    def __str__(self) -> str:
        return f"dossier anonymisé du jeune {self.jeune_id}"
