"""The audit journal: who changed or read which young person's data, and when.

- **Changes** of the models of `AUDITED` are logged by django-auditlog (save and delete signals,
  JSON before/after diff, actor and IP address from `AuditlogMiddleware`).
- **Reads** are recorded by `record_read(user, jeune)`: every view that shows a young person's
  data calls it (docs/donnees-personnelles.md).
- **Imports** write rows in bulk, without save signals: one entry per import (`record_import`,
  receiver of `dataset_written`, in the import's own transaction).

Every entry carries the young person (`jeune_ref`) and the Mission Locale (`structure_ref`) it
concerns, so the direction's journal and a young person's access report are one indexed query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from trajectoires.accounts.client import client_ip
from trajectoires.accounts.perms import (  # noqa: F401 (sensitive_report_key re-exported)
    SENSITIVE_DISPOSITIFS,
    can_see_sensitive,
    sensitive_report_key,
)
from trajectoires.rgpd.lisible import Readable
from trajectoires.rgpd.models import AuditEntry


if TYPE_CHECKING:
    from trajectoires.accounts.models import User
    from trajectoires.interchange.report import ImportResult
    from trajectoires.jeunes.models import Jeune
    from trajectoires.structures.models import Structure


Action = AuditEntry.Action
MASK = "(masqué)"

# Free-text and contact fields never copied into the journal: the journal outlives the file
# and is read by the direction as a whole. A model of AUDITED that has (or later gets) a field
# of this name has it masked: the journal says that it changed, not what it says.
MASKED_FIELD_NAMES = frozenset({
    "rqth", "notes", "note", "commentaire", "commentaires", "observations", "compte_rendu", "texte", "motif_libre",
    "telephone", "email", "courriel", "adresse", "complement_adresse", "nir",
    # Issue 12: the rest of the address, the legal representative, the interview's next steps.
    "code_postal", "representant_legal_nom", "representant_legal_telephone", "prochaines_etapes",
})

# The young person's data whose changes are logged (app_label.Model -> auditlog options). Every
# other model with a foreign key to `jeunes.Jeune` is logged too (found at start-up), except
# NOT_AUDITED: a new table about young people (agenda, walk-in queue…) is audited by default.
AUDITED: dict[str, dict[str, Any]] = {
    "jeunes.Jeune": {"exclude_fields": ["version"]},
    "accompagnement.Evenement": {},
    "dispositifs.Inscription": {},
    "situations.Situation": {},
    "aides.Aide": {},
    "parrainage.Parrainage": {},
    # Issue 14: the volunteer mentors' records (their phone and e-mail masked, as everyone's).
    "parrainage.Parrain": {},
    "reperage.Repere": {},
    "obligation_formation.Signalement": {},
    "entreprises.MiseEnRelation": {},
    # Job-board accounts (docs/bourse.md): never the password hash nor the login time.
    "bourse.Compte": {"exclude_fields": ["password", "derniere_connexion"]},
    # Staff accounts: role, Mission Locale and activation only (never the password hash).
    "accounts.User": {
        "include_fields": [
            "username", "role", "structure", "is_active", "is_staff", "is_superuser", "administrateur_reseau",
        ]
    },
}
# Tables rebuilt from the file (search index) or written by this app.
# The trace of a merge (`jeunes.Fusion`) is written by the merge's door, whose own entry
# (`record_merge`) records the merge.
NOT_AUDITED = frozenset(
    {"workspace.jeunerecherche", "workspace.jeunemot", "rgpd.retentionnotice", "rgpd.anonymisation", "jeunes.fusion"}
)

ACTION_LABELS = {
    Action.CREATE: "Création",
    Action.UPDATE: "Modification",
    Action.DELETE: "Suppression",
    Action.ACCESS: "Consultation",
}
IMPORT_WHAT = "Import de données"
MERGE_WHAT = "Fusion de dossiers (doublons)"


def mask(value: str) -> str:
    """auditlog's mask callable: nothing of the value is kept (not even its length)."""
    return MASK


def register_models() -> None:
    """Registers AUDITED with django-auditlog (called once, from the app's ready())."""
    from trajectoires.jeunes.models import Jeune

    targets = {apps.get_model(label): options for label, options in AUDITED.items()}
    for rel in Jeune._meta.related_objects:
        if rel.related_model._meta.label_lower not in NOT_AUDITED:
            targets.setdefault(rel.related_model, {})
    for model, options in targets.items():
        if auditlog.contains(model):
            continue
        names = {f.name for f in model._meta.get_fields()}
        masked = sorted(MASKED_FIELD_NAMES & names)
        auditlog.register(model, mask_fields=masked, mask_callable="trajectoires.rgpd.audit.mask", **options)


def _remote_addr(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_ip(request)


def shows_sensitive_items(user: User, jeune: Jeune) -> bool:
    """Does the file, as `user` sees it, show sensitive items (justice or health programme, RQTH)?"""
    if not can_see_sensitive(user, jeune):
        return False
    return jeune.rqth is not None or jeune.inscriptions.filter(dispositif__in=SENSITIVE_DISPOSITIFS).exists()


def record_read(
    user: User,
    jeunes: Jeune | Iterable[Jeune],
    *,
    sensitive: bool | None = None,
    request: HttpRequest | None = None,
    what: str = "Dossier du jeune",
) -> int:
    """Records that `user` read the data of a young person (or of each young person of a list).

    Call it from every view that shows a young person's data, once the access check passed.
    `sensitive`: the read showed sensitive items; `None` decides for one file (does it show,
    to this user, a justice or health programme or the RQTH?) and means no for a list.
    `what`: what was read, in French ("Dossier du jeune", "Liste du rapport : …").
    Returns the number of entries written."""
    from trajectoires.jeunes.models import Jeune

    items = [jeunes] if isinstance(jeunes, Jeune) else list(jeunes)
    if not items:
        return 0
    if sensitive is None:
        sensitive = len(items) == 1 and shows_sensitive_items(user, items[0])
    content_type = ContentType.objects.get_for_model(Jeune)
    actor = user if user.is_authenticated else None
    now = timezone.now()
    extra = {"chemin": request.get_full_path()[:500]} if request is not None else None
    entries = [
        AuditEntry(
            content_type=content_type,
            object_pk=str(j.pk),
            object_id=j.pk,
            object_repr=str(j),
            action=Action.ACCESS,
            actor=actor,
            actor_email=getattr(actor, "email", None) or None,
            remote_addr=_remote_addr(request),
            timestamp=now,
            additional_data=extra,
            jeune_ref=j.pk,
            structure_ref=j.structure_id,
            sensitive=bool(sensitive),
            what=what[:200],
        )
        for j in items
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def compact_ids(ids: Iterable[int]) -> str:
    """Identifiers as sorted ranges: [3, 1, 2, 7, 9, 10] -> "1-3,7,9-10"."""
    ordered = sorted(set(ids))
    parts: list[str] = []
    start = prev = None
    for i in ordered:
        if start is None:
            start = prev = i
        elif i == prev + 1:  # type: ignore[operator]
            prev = i
        else:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = i
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ",".join(parts)


def expand_ids(text: str) -> list[int]:
    """The inverse of `compact_ids`."""
    ids: list[int] = []
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        ids.extend(range(int(first), int(last or first) + 1))
    return ids


def record_list_read(user: User, ids: list[int], *, request: HttpRequest | None = None, what: str) -> AuditEntry:
    """One entry for a list of young people read in one request (an API page): the identifiers it
    returned, compactly (`compact_ids`), the number and the path. Written even for an empty page."""
    from trajectoires.jeunes.models import Jeune

    extra: dict[str, Any] = {"ids": compact_ids(ids), "nombre": len(ids)}
    if request is not None:
        extra["chemin"] = request.get_full_path()[:500]
    actor = user if user.is_authenticated else None
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Jeune),
        object_pk="",
        object_repr=f"{len(ids)} jeune(s)",
        action=Action.ACCESS,
        actor=actor,
        actor_email=getattr(actor, "email", None) or None,
        remote_addr=_remote_addr(request),
        additional_data=extra,
        structure_ref=user.structure_id,
        what=what[:200],
    )


def record_import(sender: Any, structure: Structure, result: ImportResult, **kwargs: Any) -> AuditEntry:
    """One entry per successful import (the importer writes in bulk, without save signals)."""
    files = {
        name: {"lignes": s.rows, "créées": s.created, "modifiées": s.updated, "inchangées": s.unchanged}
        for name, s in result.files.items()
    }
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(structure)),
        object_pk=str(structure.pk),
        object_id=structure.pk,
        object_repr=str(structure),
        action=Action.UPDATE,
        changes={"fichiers": files},
        additional_data={
            "source": result.source,
            "lignes": result.rows,
            "créées": result.created,
            "modifiées": result.updated,
        },
        structure_ref=structure.pk,
        what=IMPORT_WHAT,
    )


def record_merge(
    fusion: Any,
    garde: Jeune,
    *,
    doublon_str: str,
    deplaces: dict[str, int],
    chevauchements: list[str],
    consequences: list[str],
    repris: list[str],
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """The one entry of a merge of two files (jeunes/merge.py), about the kept file: who, when,
    both identifiers, what moved (rows per table), the values taken from the duplicate (their
    before/after are in the kept file's own change entry, masked fields masked), the enrolments
    left overlapping and the registrations removed. The duplicate's name is in `object_repr`
    only, like every entry's (retention anonymises it with the kept file)."""
    from trajectoires.jeunes.models import Jeune

    actor = actor if actor is not None and actor.is_authenticated else None
    changes: dict[str, Any] = {
        "Dossier fusionné": [
            f"{fusion.doublon_ext_id} (n° {fusion.doublon_pk})",
            f"supprimé, rattaché au dossier {garde.ext_id} (n° {garde.pk})",
        ],
    }
    for title, n in deplaces.items():
        changes[title] = [None, f"{n} rattaché{'s' if n > 1 else ''} au dossier conservé"]
    if repris:
        changes["Valeurs reprises du doublon"] = [None, ", ".join(repris)]
    for i, text in enumerate(chevauchements, start=1):
        changes[f"Inscriptions qui se chevauchent ({i})"] = [None, text]
    for i, text in enumerate(consequences, start=1):
        changes[f"Autre conséquence ({i})"] = [None, text]
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Jeune),
        object_pk=str(garde.pk),
        object_id=garde.pk,
        object_repr=f"{garde} ← {doublon_str}"[:1000],
        action=Action.UPDATE,
        changes=changes,
        actor=actor,
        actor_email=getattr(actor, "email", None) or None,
        remote_addr=_remote_addr(request),
        additional_data={
            "fusion": fusion.pk,
            "conserve": {"id": garde.pk, "identifiant": garde.ext_id},
            "doublon": {"id": fusion.doublon_pk, "identifiant": fusion.doublon_ext_id},
            "deplaces": fusion.deplaces,
        },
        jeune_ref=garde.pk,
        structure_ref=garde.structure_id,
        what=MERGE_WHAT,
    )


# --- Personal API tokens (docs/securite.md) -------------------------------------------------
TOKEN_CREATED = "Jeton d'API créé"
TOKEN_REVOKED = "Jeton d'API révoqué"
TOKEN_DELETED = "Jeton d'API supprimé"
TOKEN_ACTIONS = {TOKEN_CREATED: Action.CREATE, TOKEN_REVOKED: Action.UPDATE, TOKEN_DELETED: Action.DELETE}
ORIGIN_COMMAND = "commande"


def record_token(
    token: Any,
    what: str,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
    origin: str | None = None,
) -> AuditEntry:
    """One entry for a personal API token created, revoked or deleted (`what`: TOKEN_*), in the
    journal of its owner's Mission Locale. Called by `api.models.ApiToken` on every path (admin,
    command, code); never the token itself: its name, its first characters, its owner.

    `actor`: who did it; None from a command (`origin="commande"`, shown as an automatic
    process) or, within a request, the request's user (auditlog's context, set by
    `rgpd.middleware.AuditMiddleware`, fills the actor and the address of an entry without one)."""
    from trajectoires.accounts.models import User

    owner = User.objects.filter(pk=token.user_id).values_list("username", "structure_id").first()
    username, structure_id = owner if owner is not None else ("", None)
    actor = actor if actor is not None and actor.is_authenticated else None
    described = f"{token.nom} ({token.prefixe}…) de {username}" if username else f"{token.nom} ({token.prefixe}…)"
    if what == TOKEN_CREATED:
        expiry = timezone.localtime(token.expire_le).strftime("%d/%m/%Y %H:%M") if token.expire_le else "jamais"
        changes: dict[str, Any] = {
            "titulaire": [None, username],
            "nom": [None, token.nom],
            "début du jeton": [None, f"{token.prefixe}…"],
            "expire le": [None, expiry],
        }
    elif what == TOKEN_REVOKED:
        changes = {"révoqué": ["non", "oui"]}
    else:
        changes = {"jeton": [described, None]}
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(token)),
        object_pk=str(token.pk),
        object_id=token.pk,
        object_repr=described[:1000],
        action=TOKEN_ACTIONS[what],
        changes=changes,
        actor=actor,
        actor_email=getattr(actor, "email", None) or None,
        remote_addr=_remote_addr(request),
        additional_data={"origine": origin} if origin else None,
        structure_ref=structure_id,
        what=what,
    )


# --- Reading the journal -------------------------------------------------------------------
@dataclass(frozen=True)
class JournalFilter:
    jeune: int | None = None
    actor: int | None = None
    debut: dt.date | None = None
    fin: dt.date | None = None
    action: int | None = None


def journal(structure_id: int, f: JournalFilter = JournalFilter()) -> QuerySet[AuditEntry]:
    """The entries of a Mission Locale, newest first, filtered."""
    qs = AuditEntry.objects.filter(structure_ref=structure_id).select_related("actor", "content_type")
    if f.jeune is not None:
        qs = qs.filter(jeune_ref=f.jeune)
    if f.actor is not None:
        qs = qs.filter(actor_id=f.actor)
    tz = timezone.get_current_timezone()
    if f.debut is not None:
        qs = qs.filter(timestamp__gte=dt.datetime.combine(f.debut, dt.time.min, tzinfo=tz))
    if f.fin is not None:
        qs = qs.filter(timestamp__lt=dt.datetime.combine(f.fin + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    if f.action is not None:
        qs = qs.filter(action=f.action)
    return qs.order_by("-timestamp", "-pk")


def access_report(jeune: Jeune) -> QuerySet[AuditEntry]:
    """Who read or changed the young person's data, newest first."""
    return (
        AuditEntry.objects.filter(jeune_ref=jeune.pk, structure_ref=jeune.structure_id)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def action_label(entry: AuditEntry) -> str:
    if entry.what == IMPORT_WHAT:
        return "Import"
    if entry.what == MERGE_WHAT:
        return "Fusion"
    return ACTION_LABELS.get(entry.action, str(entry.action))


def actor_label(entry: AuditEntry) -> str:
    if entry.actor is not None:
        role = entry.actor.get_role_display()
        return f"{entry.actor} ({entry.actor.username}, {role})"
    if entry.actor_email:
        return entry.actor_email
    return "Traitement automatique (commande, import)"


def changes_rows(entry: AuditEntry, readable: Readable | None = None) -> list[tuple[str, str, str]]:
    """(label, before, after) rows of a change, in French (`rgpd/lisible.py`): the field's
    verbose name, choices' labels, Oui/Non, dates dd/mm/yyyy, Paris time, the names of the rows
    foreign keys point to. Pass the page's `Readable(entries)` to read those rows once per page.
    An import: one row per file with its counts."""
    if entry.what == IMPORT_WHAT:
        return [
            (name, "", ", ".join(f"{k} : {v}" for k, v in counts.items()))
            for name, counts in (entry.changes or {}).get("fichiers", {}).items()
        ]
    return (readable or Readable([entry])).rows(entry)


def changes_text(entry: AuditEntry, readable: Readable | None = None) -> list[tuple[str, str]]:
    """(label, values) of each change as shown on the pages and in the CSV: "avant → après" for
    a change, the value alone for a creation (after) or a deletion (before)."""
    out = []
    for label, before, after in changes_rows(entry, readable):
        if entry.what == IMPORT_WHAT or entry.action == Action.CREATE or before == "":
            out.append((label, after))
        elif entry.action == Action.DELETE or after == "":
            out.append((label, before))
        else:
            out.append((label, f"{before} → {after}"))
    return out
