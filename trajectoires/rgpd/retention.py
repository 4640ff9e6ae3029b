"""Retention: which files are due for anonymisation, notifying their referents, anonymising.

Policy (settings, docs/donnees-personnelles.md):

- a file is due `TRAJECTOIRES_RETENTION_SANS_ACTIVITE_MOIS` months (default 24) after its last
  activity: the latest date of any row about the young person (contact that took place,
  programme entry or exit, situation, help, pairing, match, outreach, report…), future dates
  not counted;
- and at the latest `TRAJECTOIRES_RETENTION_APRES_SORTIE_MOIS` months (default 60) after the
  exit of their last programme, even if contacts went on;
- optionally (`TRAJECTOIRES_RETENTION_AGE_MAX`, e.g. 26 as décret 2015-59 art. 6 says for
  i-milo) on the birthday of that age;
- never while a programme is open (no exit date, or an exit date still to come);
- referents are notified first (`--notifier`); `--appliquer` only anonymises the due files
  notified at least `TRAJECTOIRES_RETENTION_PREAVIS_JOURS` days (default 30) before.

Anonymising keeps every column the activity report reads (sex, birth date, commune, QPV,
level, housing, dates, codes…) and replaces or clears what identifies the person: names,
identifier, contact details and free-text notes, in the file, in the rows that point to it and
in the audit journal. Every figure of the report is therefore unchanged (tested)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import CharField, F, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from trajectoires.bourse import services as bourse
from trajectoires.dispositifs.models import Inscription
from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.audit import MASKED_FIELD_NAMES
from trajectoires.rgpd.models import Anonymisation, AuditEntry, RetentionNotice
from trajectoires.structures.models import Structure


ANONYME = "Anonyme"
ANONYMISED = "(anonymisé)"
# Identity and free text, cleared wherever they appear in the young person's rows. Every other
# column is kept: the report reads them.
IDENTITY_FIELD_NAMES = (MASKED_FIELD_NAMES - {"rqth"}) | {"nom", "prenom", "nom_usage", "lieu_naissance", "motif"}
# Rows that are not the young person's data, or rebuilt from it: no activity date, nothing to clear.
NOT_ACTIVITY = frozenset(
    {"rgpd.retentionnotice", "rgpd.anonymisation", "workspace.jeunerecherche", "workspace.jeunemot",
     # a job-board account: the young person's own, cleared by its app (bourse.services.anonymise_comptes)
     "bourse.compte"}
)
# Rows that do not count as activity (a missed appointment is no contact).
ACTIVITY_EXCLUDE: dict[str, Q] = {"accompagnement.evenement": Q(honore=False)}
# Dates that are not events in the follow-up.
NOT_ACTIVITY_DATES = frozenset({"date_naissance"})

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Policy:
    sans_activite_mois: int
    apres_sortie_mois: int
    preavis_jours: int
    age_max: int | None = None  # décret 2015-59 art. 6 (i-milo): the 26th birthday, off by default

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            settings.TRAJECTOIRES_RETENTION_SANS_ACTIVITE_MOIS,
            settings.TRAJECTOIRES_RETENTION_APRES_SORTIE_MOIS,
            settings.TRAJECTOIRES_RETENTION_PREAVIS_JOURS,
            getattr(settings, "TRAJECTOIRES_RETENTION_AGE_MAX", None),
        )


@dataclass
class Echeance:
    """A file and the day it is due for anonymisation."""

    jeune_id: int
    ext_id: str
    conseiller: str
    conseiller_id: int | None
    derniere_activite: dt.date | None
    derniere_sortie: dt.date | None
    due: dt.date
    motif: str
    notified_at: dt.datetime | None = None

    def ready(self, today: dt.date, preavis_jours: int) -> bool:
        """Due, and its referent was notified early enough (or no notice is required)."""
        if self.due > today:
            return False
        if preavis_jours <= 0:
            return True
        return self.notified_at is not None and timezone.localdate(self.notified_at) <= today - dt.timedelta(
            days=preavis_jours
        )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError(day)  # pragma: no cover


def _jeune_relations() -> list[tuple[type[models.Model], str]]:
    """(model, name of its foreign key to Jeune) for every table that points to a young person."""
    out = []
    for rel in Jeune._meta.related_objects:
        label = rel.related_model._meta.label_lower
        if label in NOT_ACTIVITY or not (rel.one_to_many or rel.one_to_one):
            continue
        out.append((rel.related_model, rel.field.name))
    return out


def last_activity(structure: Structure, today: dt.date) -> dict[int, dt.date]:
    """The latest past date of any row about each young person of the structure."""
    latest: dict[int, dt.date] = {}
    for model, fk in _jeune_relations():
        dates = [
            f.name for f in model._meta.concrete_fields
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
            and f.name not in NOT_ACTIVITY_DATES
        ]
        if not dates:
            continue
        qs = model._default_manager.filter(**{f"{fk}__structure": structure})
        exclude = ACTIVITY_EXCLUDE.get(model._meta.label_lower)
        if exclude is not None:
            qs = qs.exclude(exclude)
        annotations = {f"m_{name}": Max(name, filter=Q(**{f"{name}__lte": today})) for name in dates}
        for row in qs.order_by().values(fk).annotate(**annotations).values_list(fk, *annotations):
            jeune_id, *values = row
            best = max((v for v in values if v is not None), default=None)
            if best is not None and (jeune_id not in latest or best > latest[jeune_id]):
                latest[jeune_id] = best
    return latest


def schedule(structure: Structure, today: dt.date, policy: Policy | None = None) -> list[Echeance]:
    """Every file of the structure not yet anonymised with a due date (past or future), in
    due-date order. Files with an open programme, or without any dated row, have none."""
    policy = policy or Policy.from_settings()
    activity = last_activity(structure, today)
    open_ids = set(
        Inscription.objects.filter(structure=structure)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gt=today))
        .values_list("jeune_id", flat=True)
    )
    exits = dict(
        Inscription.objects.filter(structure=structure, date_sortie__lte=today)
        .order_by()
        .values("jeune_id")
        .annotate(m=Max("date_sortie"))
        .values_list("jeune_id", "m")
    )
    notices = dict(
        RetentionNotice.objects.filter(structure=structure)
        .order_by()
        .values("jeune_id")
        .annotate(m=Max("notified_at"))
        .values_list("jeune_id", "m")
    )
    jeunes = (
        Jeune.objects.filter(structure=structure, anonymisation__isnull=True)
        .select_related("conseiller")
        .only("pk", "ext_id", "date_naissance", "conseiller__nom", "conseiller__prenom")
        .order_by("pk")
    )
    out = []
    for j in jeunes:
        if j.pk in open_ids:
            continue
        last, exit_ = activity.get(j.pk), exits.get(j.pk)
        candidates = []
        if last is not None:
            candidates.append((add_months(last, policy.sans_activite_mois),
                               f"aucune activité depuis le {last:%d/%m/%Y} ({policy.sans_activite_mois} mois)"))
        if exit_ is not None:
            candidates.append((add_months(exit_, policy.apres_sortie_mois),
                               f"sortie du dernier dispositif le {exit_:%d/%m/%Y} ({policy.apres_sortie_mois} mois)"))
        if policy.age_max and j.date_naissance:
            birthday = add_months(j.date_naissance, 12 * policy.age_max)
            candidates.append((birthday, f"{policy.age_max} ans le {birthday:%d/%m/%Y}"))
        if not candidates:
            continue
        due, motif = min(candidates)
        notified_at = notices.get(j.pk)
        if notified_at is not None and last is not None and timezone.localdate(notified_at) <= last:
            notified_at = None  # activity since the notice: it no longer counts
        out.append(Echeance(
            jeune_id=j.pk, ext_id=j.ext_id, conseiller=str(j.conseiller) if j.conseiller else "",
            conseiller_id=j.conseiller_id, derniere_activite=last, derniere_sortie=exit_, due=due, motif=motif,
            notified_at=notified_at,
        ))
    out.sort(key=lambda e: (e.due, e.jeune_id))
    return out


def notify(structure: Structure, echeances: Iterable[Echeance]) -> list[RetentionNotice]:
    """Records a notice to the referent of each file not notified yet."""
    notices = [
        RetentionNotice(structure=structure, jeune_id=e.jeune_id, conseiller_id=e.conseiller_id,
                        motif=f"Anonymisation prévue le {e.due:%d/%m/%Y} : {e.motif}")
        for e in echeances
        if e.notified_at is None
    ]
    RetentionNotice.objects.bulk_create(notices, batch_size=500)
    now = timezone.now()
    for n in notices:
        n.notified_at = now
    return notices


# --- Anonymisation -------------------------------------------------------------------------
def _cleared(model: type[models.Model]) -> dict[str, Any]:
    """Column -> value replacing it, for the identity fields `model` has."""
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.name not in IDENTITY_FIELD_NAMES or f.choices:
            continue
        if f.name == "nom":
            values[f.name] = ANONYME
        elif f.null:
            values[f.name] = None
        else:
            values[f.name] = ""
    return values


def _scrub_journal(ids: list[int]) -> int:
    """Entries about these young people keep who, when and what, never the identity."""
    identity_types = {ContentType.objects.get_for_model(m).pk for m, _ in _jeune_relations() if "nom" in _cleared(m)}
    identity_types.add(ContentType.objects.get_for_model(Jeune).pk)
    entries = AuditEntry.objects.filter(jeune_ref__in=ids)
    entries.filter(content_type_id__in=identity_types).update(object_repr=f"Jeune {ANONYME.lower()}")
    changed = 0
    for entry in entries.filter(changes__isnull=False).only("pk", "changes").iterator(chunk_size=500):
        changes = entry.changes
        if not isinstance(changes, dict):
            continue
        hidden = {k: [ANONYMISED, ANONYMISED] for k in changes if k in IDENTITY_FIELD_NAMES or k == "ext_id"}
        if hidden:
            AuditEntry.objects.filter(pk=entry.pk).update(changes={**changes, **hidden}, changes_text="")
            changed += 1
    return changed


def anonymise(structure: Structure, echeances: list[Echeance], *, progress: Progress | None = None,
              batch: int = 200) -> int:
    """Anonymises the files of `echeances` (in batches, one transaction each). Returns how many."""
    from trajectoires.workspace.search import reindex

    total = len(echeances)
    done = 0
    jeune_values = _cleared(Jeune)
    jeune_values["ext_id"] = Concat(Value("anonyme-"), Cast("pk", output_field=CharField()))
    if any(f.name == "version" for f in Jeune._meta.concrete_fields):
        jeune_values["version"] = F("version") + 1  # an edit form opened before fails its lock check
    relations = [(m, fk, _cleared(m)) for m, fk in _jeune_relations()]
    jeune_type = ContentType.objects.get_for_model(Jeune)
    for start in range(0, total, batch):
        chunk = echeances[start:start + batch]
        ids = [e.jeune_id for e in chunk]
        with transaction.atomic():
            # QuerySet.update(): no save signal, so the journal never receives the names it
            # would otherwise copy as "before" values.
            Jeune.objects.filter(structure=structure, pk__in=ids).update(**jeune_values)
            for model, fk, values in relations:
                if values:
                    model._default_manager.filter(**{f"{fk}__in": ids}).update(**values)
            bourse.anonymise_comptes(ids)  # job-board accounts and their CVs (docs/bourse.md)
            _scrub_journal(ids)
            Anonymisation.objects.bulk_create(
                [Anonymisation(jeune_id=e.jeune_id, structure=structure, motif=e.motif[:300]) for e in chunk]
            )
            now = timezone.now()
            AuditEntry.objects.bulk_create([
                AuditEntry(content_type=jeune_type, object_pk=str(e.jeune_id), object_id=e.jeune_id,
                           object_repr=f"Jeune {ANONYME.lower()}", action=AuditEntry.Action.UPDATE, timestamp=now,
                           jeune_ref=e.jeune_id, structure_ref=structure.pk,
                           what="Anonymisation (durée de conservation)", additional_data={"motif": e.motif})
                for e in chunk
            ])
            reindex(Jeune.objects.filter(pk__in=ids))
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return done
