"""The door of merging two files of the same young person (docs/doublons.md).

`merge_jeunes(garde, doublon, choix, auteur)` keeps the file `garde` and deletes `doublon`, in
one transaction:

- the profile fields that differ take the value chosen field by field (`choix`: field -> pk of
  the file whose value is kept); a change of referent is a transfer (`jeunes.services.transfer`);
- every row pointing to the duplicate (`Jeune._meta.related_objects`: contacts, enrolments,
  situations, help, transfers and requests, appointments, session registrations, walk-in
  arrivals, CEJ activities, pairings, matches, outreach, training-obligation reports, retention
  notices, earlier merges…) is moved to the kept file by one `UPDATE` per table. A table added
  later is moved without anything to do, unless it has a unique constraint on the young person
  (then it needs a rule in `CONFLICTS`; tests/workspace/test_merge.py fails until it has one);
- the audit journal's entries about the duplicate now concern the kept file (`jeune_ref`), and
  one entry records the merge (`rgpd.audit.record_merge`: who, when, both identifiers, what moved);
- the duplicate is deleted (without a journal entry of its own: the merge's entry says it), a
  `Fusion` row maps its interchange identifier to the kept file (an import naming it is refused);
- the derived stores follow: the report's packed copies of both files are rewritten
  (`rapports.evenements.refresh`, `rapports.blocs.refresh`), the search keys of the kept file
  are rewritten by its save and those of the duplicate go with it, the data date is the time of
  the merge (save and delete signals).

The moves are bulk writes of fact models: this module is a bulk door (tests/test_doors.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from trajectoires.jeunes.models import DemandeTransfert, Fusion, Jeune
from trajectoires.jeunes.services import CONSENT_DATES, PROFILE_EDITABLE, transfer


if TYPE_CHECKING:
    from trajectoires.accounts.models import User

# The profile fields compared and chosen one by one, in display order (the referent last: its
# change is a transfer). The identifier is the kept file's; a consent comes with its date.
MERGE_FIELDS: tuple[str, ...] = (*PROFILE_EDITABLE, "conseiller")

# Tables rebuilt from the file rather than moved: the search keys (the kept file's save rewrites
# its own; the duplicate's are deleted with it).
REBUILT = frozenset({"workspace.jeunerecherche", "workspace.jeunemot"})
# A file marked anonymised is never merged (its identity is gone: nothing to compare).
REFUSED = frozenset({"rgpd.anonymisation"})


@dataclass(frozen=True)
class Relation:
    model: type[models.Model]
    fk: str  # the name of its foreign key to Jeune

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()


def relations() -> list[Relation]:
    """Every table pointing to a young person, except the rebuilt and refusing ones."""
    out = []
    for rel in Jeune._meta.related_objects:
        if not (rel.one_to_many or rel.one_to_one):
            continue
        label = rel.related_model._meta.label_lower
        if label in REBUILT or label in REFUSED:
            continue
        out.append(Relation(rel.related_model, rel.field.name))
    return sorted(out, key=lambda r: r.label)


def counts(jeune: Jeune) -> dict[str, int]:
    """How many rows of each table point to the file (label -> count), tables with rows only."""
    found = {}
    for relation in relations():
        n = relation.model._default_manager.filter(**{relation.fk: jeune}).count()
        if n:
            found[relation.label] = n
    return found


def titles() -> dict[str, str]:
    """Table label -> its French title ("Événements", "Inscriptions aux dispositifs"…)."""
    return {r.label: r.title for r in relations()}


# --- Enrolments in the same programme whose periods overlap -----------------------------------
def _fr(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _period(inscription: Any) -> str:
    sortie = f", sortie le {_fr(inscription.date_sortie)}" if inscription.date_sortie else ", sans sortie"
    return f"entrée le {_fr(inscription.date_entree)}{sortie}"


@dataclass(frozen=True)
class Chevauchement:
    """Two enrolments in one programme, one in each file, whose periods overlap."""

    dispositif: str
    libelle: str
    garde: str  # the kept file's enrolment, in French
    doublon: str

    def __str__(self) -> str:
        return f"{self.libelle} : {self.garde} (dossier conservé) et {self.doublon} (doublon)"


def overlaps(garde: Jeune, doublon: Jeune) -> list[Chevauchement]:
    """Enrolments of the two files in the same programme whose periods overlap. [choice] The
    merge keeps both (docs/doublons.md): it moves facts, never deletes or rewrites them; the page
    and the journal list them so that the direction records the exit of the one too many."""
    from trajectoires.dispositifs.models import Dispositif, Inscription

    mine = list(Inscription.objects.filter(jeune=garde).order_by("date_entree", "pk"))
    theirs = list(Inscription.objects.filter(jeune=doublon).order_by("date_entree", "pk"))
    found = []
    for a in mine:
        for b in theirs:
            if a.dispositif != b.dispositif:
                continue
            if (b.date_sortie is None or a.date_entree <= b.date_sortie) and (
                a.date_sortie is None or b.date_entree <= a.date_sortie
            ):
                libelle = Dispositif.label(a.dispositif, garde.structure_id)
                found.append(Chevauchement(a.dispositif, libelle, _period(a), _period(b)))
    return found


# --- Rows that cannot simply move (a unique constraint on the young person) -------------------
@dataclass
class Consequences:
    """What the merge does besides moving rows, in French, for the page and the journal."""

    lines: list[str] = field(default_factory=list)


def _participations(garde: Jeune, doublon: Jeune, auteur: User | None, out: Consequences, apply: bool) -> None:
    """Both files registered to the same collective session (one registration per person and
    session): the registration that recorded a contact stays (the kept file's when both or
    neither did); the other is deleted (its contact, if any, moves like every contact)."""
    from trajectoires.agenda.models import Participation

    kept = {p.session_id: p for p in Participation.objects.filter(jeune=garde).select_related("session")}
    for theirs in Participation.objects.filter(jeune=doublon, session_id__in=list(kept)).select_related("session"):
        mine = kept[theirs.session_id]
        if not apply:
            out.lines.append(
                f"Les deux dossiers sont inscrits à la session {theirs.session} : une seule inscription restera, "
                "celle qui a enregistré un contact (sinon celle du dossier conservé)."
            )
            continue
        loser = mine if (theirs.evenement_id and not mine.evenement_id) else theirs
        out.lines.append(
            f"Inscrits tous deux à la session {theirs.session} : l'inscription "
            f"{'du dossier conservé' if loser is mine else 'du doublon'} est supprimée "
            f"({loser.get_presence_display().lower()})."
        )
        loser.delete()


def _demandes(garde: Jeune, doublon: Jeune, auteur: User | None, out: Consequences, apply: bool) -> None:
    """A pending transfer request on each file (one pending request per file): the duplicate's
    is closed as refused by the author of the merge."""
    pending = DemandeTransfert.Statut.EN_ATTENTE
    mine = DemandeTransfert.objects.filter(jeune=garde, statut=pending).exists()
    theirs = list(
        DemandeTransfert.objects.filter(jeune=doublon, statut=pending).select_related("nouveau", "demandeur")
    )
    if not (mine and theirs):
        return
    if not apply:
        out.lines.append(
            "Une demande de transfert attend sur chacun des deux dossiers : celle du doublon sera close (refusée)."
        )
        return
    for demande in theirs:
        out.lines.append(
            "Une demande de transfert attendait déjà sur le dossier conservé : celle du doublon "
            f"({demande.description}) est close (refusée)."
        )
        demande.statut = DemandeTransfert.Statut.REFUSEE
        demande.decide_par = auteur if auteur is not None and auteur.is_authenticated else None
        demande.decide_le = timezone.now()
        demande.save(update_fields=["statut", "decide_par", "decide_le"])


def _manifestations(garde: Jeune, doublon: Jeune, auteur: User | None, out: Consequences, apply: bool) -> None:
    """Both files registered to the same forum (one registration per person and event): the one
    marked present stays (the kept file's when both or neither were); when both were, the
    duplicate's attendance is taken back first (its contact removed, the event's count of young
    people lowered by one: one person came)."""
    from trajectoires.manifestations import services as manifestations
    from trajectoires.manifestations.models import Participant

    kept = {p.manifestation_id: p for p in Participant.objects.filter(jeune=garde).select_related("manifestation")}
    for theirs in Participant.objects.filter(jeune=doublon, manifestation_id__in=list(kept)).select_related(
        "manifestation"
    ):
        mine = kept[theirs.manifestation_id]
        if not apply:
            out.lines.append(
                f"Les deux dossiers sont inscrits à la manifestation « {theirs.manifestation} » : une seule "
                "inscription restera, celle notée présente (sinon celle du dossier conservé)."
            )
            continue
        loser = mine if (theirs.present and not mine.present) else theirs
        out.lines.append(
            f"Inscrits tous deux à la manifestation « {theirs.manifestation} » : l'inscription "
            f"{'du dossier conservé' if loser is mine else 'du doublon'} est supprimée."
        )
        if loser.present:  # both were present: one person, one contact, counted once
            manifestations.set_presence(loser.manifestation, loser.jeune, False, timezone.localdate())
        loser.delete()


Rule = Callable[[Jeune, Jeune, "User | None", Consequences, bool], None]
# Tables with a unique constraint involving the young person (or a rule that one row per person
# holds): what the merge does with the duplicate's rows that would collide.
CONFLICTS: dict[str, Rule] = {
    "agenda.participation": _participations,
    "manifestations.participant": _manifestations,
    "jeunes.demandetransfert": _demandes,
}


def consequences(garde: Jeune, doublon: Jeune) -> Consequences:
    """What the merge of these two files would do besides moving rows (for the comparison page)."""
    out = Consequences()
    for rule in CONFLICTS.values():
        rule(garde, doublon, None, out, False)
    return out


# --- The merge ------------------------------------------------------------------------------
class MergeRefused(ValidationError):
    pass


@dataclass
class Resultat:
    fusion: Fusion
    garde: Jeune
    deplaces: dict[str, int]
    chevauchements: list[Chevauchement]
    consequences: list[str]
    repris: list[str]  # the fields whose value came from the duplicate


def check_mergeable(garde: Jeune, doublon: Jeune) -> None:
    """Two distinct files of one Mission Locale, neither anonymised."""
    from trajectoires.rgpd.models import Anonymisation

    if garde.pk == doublon.pk or garde.structure_id != doublon.structure_id:
        raise MergeRefused("Ces deux dossiers ne peuvent pas être fusionnés : choisissez deux dossiers distincts.")
    if Anonymisation.objects.filter(jeune_id__in=[garde.pk, doublon.pk]).exists():
        raise MergeRefused(
            "Un dossier anonymisé (fin de la durée de conservation) ne se fusionne pas : son identité n'est plus "
            "connue."
        )


@transaction.atomic
def merge_jeunes(
    garde_pk: int,
    doublon_pk: int,
    choix: dict[str, int],
    auteur: User | None,
    *,
    versions: dict[int, int] | None = None,
    request: HttpRequest | None = None,
) -> Resultat:
    """Merge the file `doublon_pk` into `garde_pk` (docs/doublons.md). `choix`: profile field ->
    pk of the file whose value is kept (default: the kept file's). `versions`: pk -> version the
    comparison page showed; if either file changed since, nothing is done (`MergeRefused`)."""
    from trajectoires.rapports import blocs, evenements
    from trajectoires.rgpd.audit import record_merge
    from trajectoires.rgpd.models import AuditEntry

    # Both rows locked, in primary key order (two merges of overlapping pairs cannot deadlock).
    locked = {j.pk: j for j in Jeune.objects.select_for_update().filter(pk__in=[garde_pk, doublon_pk]).order_by("pk")}
    if len(locked) != 2:
        raise MergeRefused("Un des deux dossiers n'existe plus : il a peut-être déjà été fusionné.")
    garde, doublon = locked[garde_pk], locked[doublon_pk]
    check_mergeable(garde, doublon)
    if versions is not None and any(locked[pk].version != v for pk, v in versions.items() if pk in locked):
        raise MergeRefused(
            "Un des deux dossiers a été modifié depuis l'affichage de la comparaison : vérifiez les valeurs, puis "
            "fusionnez à nouveau."
        )
    structure_id = garde.structure_id
    doublon_pk, doublon_ext_id, doublon_str = doublon.pk, doublon.ext_id, str(doublon)  # delete() clears pk
    chevauchements = overlaps(garde, doublon)

    # 1. Rows that would collide, then every row of the duplicate, one UPDATE per table.
    out = Consequences()
    for rule in CONFLICTS.values():
        rule(garde, doublon, auteur, out, True)
    deplaces: dict[str, int] = {}
    for relation in relations():
        moved = relation.model._default_manager.filter(**{relation.fk: doublon}).update(**{relation.fk: garde})
        if moved:
            deplaces[relation.label] = moved

    # 2. The profile: the values chosen field by field; a new referent is a transfer.
    repris = []
    changed = []
    nouveau_referent = None
    for name in MERGE_FIELDS:
        source = locked.get(choix.get(name, garde.pk), garde)
        attname = Jeune._meta.get_field(name).attname
        value = getattr(source, attname)
        if value == getattr(garde, attname):
            continue
        if source is doublon:
            repris.append(name)
        if name == "conseiller" and value is not None:
            nouveau_referent = doublon.conseiller
            continue
        setattr(garde, attname, value)
        changed.append(attname)
        if name in CONSENT_DATES:  # a consent keeps the day it was given or withdrawn
            day = CONSENT_DATES[name]
            setattr(garde, day, getattr(source, day))
            changed.append(day)
    garde.version += 1
    garde.save(update_fields=[*changed, "version"])  # journal, data date, search keys (signals)
    if nouveau_referent is not None:
        transfer(garde, nouveau_referent, timezone.localdate(), f"Fusion avec le dossier {doublon_ext_id}",
                 auteur if auteur is not None else _anonymous())

    # 3. The journal: the duplicate's history is the kept file's now.
    AuditEntry.objects.filter(jeune_ref=doublon_pk, structure_ref=structure_id).update(jeune_ref=garde.pk)

    # 4. The tombstone, then the duplicate goes (its search keys and packed events with it).
    fusion = Fusion.objects.create(
        structure_id=structure_id, jeune=garde, doublon_ext_id=doublon_ext_id, doublon_pk=doublon_pk,
        auteur=auteur if auteur is not None and auteur.is_authenticated else None, deplaces=deplaces,
    )
    with disable_auditlog():
        doublon.delete()

    # 5. The report's packed copies of both files (the bulk moves sent no signal).
    evenements.refresh(structure_id, [garde.pk, doublon_pk])
    blocs.refresh(structure_id, [garde.pk, doublon_pk])

    garde.refresh_from_db()
    record_merge(
        fusion, garde, doublon_str=doublon_str, deplaces={titles().get(k, k): n for k, n in deplaces.items()},
        chevauchements=[str(c) for c in chevauchements], consequences=out.lines,
        repris=[str(Jeune._meta.get_field(n).verbose_name) for n in repris], actor=auteur, request=request,
    )
    return Resultat(fusion, garde, deplaces, chevauchements, out.lines, repris)


def _anonymous():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
