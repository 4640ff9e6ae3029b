"""Building blocks shared by every domain app."""

from __future__ import annotations

from django import forms
from django.db import models


class LongCharField(models.TextField):
    """Free text of any length (the interchange format allows 10,000 characters a cell),
    shown as a one-line input in forms."""

    def formfield(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


class StructureQuerySet(models.QuerySet):
    def of(self, structure) -> StructureQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(structure=structure)


class StructureOwned(models.Model):
    """A business row: it belongs to one Mission Locale (structure) and carries the stable
    identifier of the interchange format (`id` column), unique within the structure."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, verbose_name="structure")
    ext_id = models.CharField("identifiant", max_length=100)

    objects = StructureQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints: list = []

    @classmethod
    def unique_ext_id(cls, name: str) -> models.UniqueConstraint:
        return models.UniqueConstraint(fields=["structure", "ext_id"], name=f"{name}_unique_ext_id")
