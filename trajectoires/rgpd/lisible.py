"""The audit journal as the direction reads it (issue 12, part 9): each change in French.

django-auditlog stores, for each changed field, the raw values before and after (codes, primary
keys, ISO dates, naive UTC timestamps, JSON booleans). `Readable.rows(entry)` turns them into
(label, before, after) rows:

- the label is the model field's `verbose_name` ("Hébergement"), not its name;
- a choice shows its label ("Chez les parents"), a boolean "Oui" / "Non", an empty value
  "Non renseigné", a date "07/12/2026", a timestamp its Paris time "07/12/2026 21:32";
- a foreign key shows the row it points to (a counsellor's name, a site's name), looked up once
  per page for all entries (`Readable(entries)`); a deleted row "élément supprimé";
- a commune's INSEE code shows the commune's name, a programme code the programme's name;
- masked and anonymised values stay "(masqué)" / "(anonymisé)";
- internal columns (primary key, Mission Locale) and reverse relations, which auditlog lists on
  creation, are left out; rows follow the model's field order.

Entries that are not a model's change (imports, API tokens, merges) keep their own French keys.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from trajectoires.rgpd.models import AuditEntry


NON_RENSEIGNE = "Non renseigné"
KEPT_AS_IS = frozenset({"(masqué)", "(anonymisé)"})
HIDDEN = frozenset({"id", "structure"})  # the row's own key and its Mission Locale (the journal's)
DELETED = "élément supprimé"

# Codes shown by the name they stand for: (model label, field) -> label of the row.
CODE_LABELS = {
    ("jeunes.jeune", "commune"): "Commune de résidence",
    ("dispositifs.inscription", "dispositif"): "Dispositif",
}


def _model(entry: AuditEntry) -> type[models.Model] | None:
    try:
        return entry.content_type.model_class()
    except Exception:  # noqa: BLE001 - a content type whose model is gone
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: a key of our own (imports, tokens, merges)
        return None
    return field if getattr(field, "concrete", False) else None


def _empty(raw: Any) -> bool:
    return raw is None or raw in ("", "None")


def _boolean(raw: Any) -> str:
    if raw in (True, "True", "true", "1", 1):
        return "Oui"
    if raw in (False, "False", "false", "0", 0):
        return "Non"
    return str(raw)


def _date(raw: Any) -> str:
    try:
        return dt.date.fromisoformat(str(raw)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(raw)


def _timestamp(raw: Any) -> str:
    """auditlog keeps timestamps as naive UTC text ("2026-12-07 20:32:09.530765")."""
    try:
        value = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        return str(raw)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _number(raw: Any) -> str:
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return str(raw)
    text = f"{value:,.2f}" if value != value.to_integral_value() or "." in str(raw) else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",")


class Readable:
    """Readable change rows for a page of entries: the rows named by foreign keys and codes are
    read once for the page (one query per table), not once per entry."""

    def __init__(self, entries: Iterable[AuditEntry] = ()) -> None:
        self._labels: dict[tuple[type[models.Model], str], str] = {}
        self._codes: dict[tuple[str, int | None, str], str] = {}
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        communes: dict[int | None, set[str]] = defaultdict(set)
        dispositifs: dict[int | None, set[str]] = defaultdict(set)
        for entry in entries:
            model = _model(entry)
            for name, values in (entry.changes or {}).items():
                field = _field(model, name)
                if field is None or not isinstance(values, (list, tuple)):
                    continue
                for raw in values:
                    if _empty(raw) or raw in KEPT_AS_IS:
                        continue
                    if field.is_relation:
                        wanted[field.related_model].add(str(raw))
                    elif (model._meta.label_lower, name) == ("jeunes.jeune", "commune"):
                        communes[entry.structure_ref].add(str(raw))
                    elif (model._meta.label_lower, name) == ("dispositifs.inscription", "dispositif"):
                        dispositifs[entry.structure_ref].add(str(raw))
        for related, pks in wanted.items():
            ids = sorted(int(pk) for pk in pks if str(pk).isdigit())
            for start in range(0, len(ids), 900):  # below SQLite's bound parameters
                for obj in related._default_manager.filter(pk__in=ids[start:start + 900]):
                    self._labels[(related, str(obj.pk))] = str(obj)
            if related._meta.label_lower == "jeunes.jeune":
                self._merged([pk for pk in ids if (related, str(pk)) not in self._labels])
        if communes:
            from trajectoires.structures.models import Commune

            for structure_id, codes in communes.items():
                for code, nom in Commune.objects.filter(structure_id=structure_id, ext_id__in=codes).values_list(
                    "ext_id", "nom"
                ):
                    self._codes[("commune", structure_id, code)] = f"{nom} ({code})"
        if dispositifs:
            from trajectoires.dispositifs.models import Dispositif

            for structure_id, codes in dispositifs.items():
                for code in codes:
                    self._codes[("dispositif", structure_id, code)] = Dispositif.label(code, structure_id)

    def _merged(self, ids: list[int]) -> None:
        """Files deleted by a merge (docs/doublons.md): named by their identifier and the kept file."""
        from trajectoires.jeunes.models import Fusion, Jeune

        for start in range(0, len(ids), 900):
            rows = Fusion.objects.filter(doublon_pk__in=ids[start:start + 900]).values_list(
                "doublon_pk", "doublon_ext_id", "jeune__ext_id"
            )
            for pk, ext_id, kept in rows:
                self._labels[(Jeune, str(pk))] = f"dossier {ext_id}, fusionné dans le dossier {kept}"

    def _related(self, field: models.Field, raw: Any) -> str:
        key = (field.related_model, str(raw))
        if key not in self._labels:  # an entry not given to the constructor: read it now
            obj = field.related_model._default_manager.filter(pk=raw).first() if str(raw).isdigit() else None
            self._labels[key] = str(obj) if obj is not None else DELETED
        return self._labels[key]

    def value(self, entry: AuditEntry, model: type[models.Model] | None, field: models.Field | None, raw: Any) -> str:
        if isinstance(raw, str) and raw in KEPT_AS_IS:
            return raw
        if _empty(raw):
            return NON_RENSEIGNE if field is not None else ""  # a key of our own: nothing before
        if field is None:
            if isinstance(raw, dict):
                return ", ".join(f"{k} : {v}" for k, v in raw.items())
            if isinstance(raw, bool):
                return _boolean(raw)
            return str(raw)
        key = (model._meta.label_lower, field.name) if model is not None else None
        if key == ("jeunes.jeune", "commune"):
            return self._codes.get(("commune", entry.structure_ref, str(raw)), str(raw))
        if key == ("dispositifs.inscription", "dispositif"):
            code = str(raw)
            return self._codes.get(("dispositif", entry.structure_ref, code)) or _dispositif(code)
        if field.is_relation:
            return self._related(field, raw)
        if field.choices:
            choices = {str(k): str(v) for k, v in field.flatchoices}
            return choices.get(str(raw), str(raw))
        internal = field.get_internal_type()
        if internal in ("BooleanField", "NullBooleanField"):
            return _boolean(raw)
        if internal == "DateTimeField":
            return _timestamp(raw)
        if internal == "DateField":
            return _date(raw)
        if internal in ("DecimalField", "FloatField"):
            return _number(raw)
        return str(raw)

    def rows(self, entry: AuditEntry) -> list[tuple[str, str, str]]:
        """(label, before, after) of each change of the entry, in the model's field order."""
        model = _model(entry)
        order = {f.name: i for i, f in enumerate(model._meta.concrete_fields)} if model is not None else {}
        found: list[tuple[int, str, str, str]] = []
        for position, (name, values) in enumerate((entry.changes or {}).items()):
            if not isinstance(values, (list, tuple)) or len(values) != 2:
                continue
            field = _field(model, name)
            if model is not None and field is None and _reverse_relation(model, name):
                continue  # auditlog lists reverse relations on creation ("app.Model.None")
            if name in HIDDEN and field is not None:
                continue
            if name == "jeune" and field is not None and values[0] in (None, entry.jeune_ref) and values[1] in (
                None, entry.jeune_ref
            ):
                continue  # the row's own young person: the journal's "Jeune" column says it
            label = _label(model, field, name)
            before, after = (self.value(entry, model, field, raw) for raw in values)
            found.append((order.get(name, len(order) + position), label, before, after))
        found.sort(key=lambda row: row[0])
        return [(label, before, after) for _, label, before, after in found]


def _reverse_relation(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return False
    return field.auto_created and not field.concrete


def _label(model: type[models.Model] | None, field: models.Field | None, name: str) -> str:
    if field is None:
        return capfirst(name)
    key = (model._meta.label_lower, field.name) if model is not None else None
    if key in CODE_LABELS:
        return CODE_LABELS[key]
    return capfirst(str(field.verbose_name))


def _dispositif(code: str) -> str:
    from trajectoires.dispositifs.models import Dispositif

    return Dispositif.label(code)
