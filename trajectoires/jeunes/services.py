"""The doors of the young person's file (`Jeune`, `Transfert`, `DemandeTransfert`): creation,
profile change (optimistic lock), transfer of the referent and transfer requests.

Each writes through the model's `save()` inside a transaction: the receivers of its signals keep
the audit journal, the data date and the search keys true in the same transaction. The importer
and retention are the bulk doors. No other code writes these models (tests/test_doors.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trajectoires.jeunes.models import DemandeTransfert, Jeune, Transfert
from trajectoires.utils.ids import new_ext_id, short_id


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller, User


def lock_jeune(jeune: Jeune) -> None:
    """Hold the young person's row until the end of the transaction: the rules are checked and
    the row written with no other action of the same file in between (PostgreSQL; SQLite
    serialises writers)."""
    Jeune.objects.select_for_update().filter(pk=jeune.pk).values_list("pk", flat=True).first()


# --- Creation --------------------------------------------------------------------------------
@transaction.atomic
def create_jeune(structure_id: int, data: dict[str, Any], conseiller: Conseiller | None) -> Jeune:
    """A new file, with a short identifier of the application (`new_file_id`: « W-7K3M-9QXA »)."""
    values = {k: v for k, v in data.items() if k in PROFILE_EDITABLE or k == "conseiller"}
    if conseiller is not None and not values.get("conseiller"):
        values["conseiller"] = conseiller
    for consent, day in CONSENT_DATES.items():
        if values.get(consent) is not None:
            values[day] = timezone.localdate()
    return Jeune.objects.create(structure_id=structure_id, ext_id=new_file_id(structure_id), **values)


def new_file_id(structure_id: int) -> str:
    """A short, readable identifier for a file created in the application (« W-7K3M-9QXA »), free
    in the Mission Locale (40 random bits: drawing a taken one is rare, and drawn again)."""
    for _ in range(20):
        candidate = short_id()
        if not Jeune.objects.filter(structure_id=structure_id, ext_id=candidate).exists():
            return candidate
    return new_ext_id()  # pragma: no cover (20 taken draws in a row)


# --- Profile change with an optimistic lock --------------------------------------------------
# The profile fields a form may change, in display order (the referent changes by a transfer).
PROFILE_EDITABLE = (
    "nom", "prenom", "sexe", "date_naissance", "site", "telephone", "consentement_sms", "email",
    "consentement_email", "adresse", "complement_adresse", "code_postal", "commune", "representant_legal_nom",
    "representant_legal_telephone", "qpv", "niveau", "diplome", "hebergement", "permis_b", "vehicule", "enfants",
    "nationalite", "origine", "rqth",
)
# A consent and the day it was given or withdrawn: set here when the answer changes, never typed.
CONSENT_DATES = {"consentement_sms": "consentement_sms_date", "consentement_email": "consentement_email_date"}


def serial(value: object) -> str:
    """One comparable text per value (the form's cleaned value or the model's)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def snapshot(jeune: Jeune, fields: tuple[str, ...] | list[str]) -> dict[str, str]:
    return {name: serial(getattr(jeune, "site_id" if name == "site" else name)) for name in fields}


@dataclass(frozen=True)
class Ecart:
    """A field someone else changed while the user was editing it."""

    name: str
    depart: str  # serialised value the form started from
    enregistre: str  # serialised value saved meanwhile
    saisi: str  # serialised value the user typed


@dataclass
class Resultat:
    jeune: Jeune
    saved: bool
    ecarts: list[Ecart]


def update_profile(pk: int, version: int, depart: dict[str, str], data: dict[str, Any]) -> Resultat:
    """Save `data` (cleaned form values) on the file `pk` if nobody else changed these fields
    since the form showed `depart` at `version`. Changes by others to fields the user did not
    touch, or to the same value, are no conflict: the user's save keeps them."""
    fields = [name for name in data if name in PROFILE_EDITABLE]
    with transaction.atomic():
        current = Jeune.objects.select_for_update().get(pk=pk)
        now = snapshot(current, fields)
        mine = {name: serial(data[name]) for name in fields}
        ecarts = [
            Ecart(name, depart.get(name, ""), now[name], mine[name])
            for name in fields
            if now[name] != depart.get(name, "") and now[name] != mine[name]
        ]
        if ecarts:
            return Resultat(current, False, ecarts)
        # Claim the version in the UPDATE itself: a concurrent save that got there first makes it
        # match no row, whatever the database's locking.
        claimed = Jeune.objects.filter(pk=pk, version=current.version).update(version=F("version") + 1)
        if claimed != 1:
            current = Jeune.objects.get(pk=pk)
            now = snapshot(current, fields)
            ecarts = [Ecart(n, depart.get(n, ""), now[n], mine[n]) for n in fields if now[n] != mine[n]]
            return Resultat(current, False, ecarts)
        current.version += 1
        dated = []
        for consent, day in CONSENT_DATES.items():
            if consent in fields and current.__dict__[consent] != data[consent]:
                setattr(current, day, timezone.localdate() if data[consent] is not None else None)
                dated.append(day)
        for name in fields:
            setattr(current, name, data[name])
        current.save(update_fields=[*fields, *dated])  # the ORM save also refreshes the search keys (signal)
    return Resultat(current, True, [])


# --- Transfer --------------------------------------------------------------------------------
@transaction.atomic
def transfer(jeune: Jeune, nouveau: Conseiller, day: dt.date, motif: str, auteur: User) -> Transfert:
    """The referent becomes `nouveau`; the change is kept (timeline) and edit forms open on the
    file see it (version)."""
    current = Jeune.objects.select_for_update().get(pk=jeune.pk)
    ancien_id = current.conseiller_id
    current.conseiller = nouveau
    current.version += 1
    current.save(update_fields=["conseiller", "version"])  # the journal and the data date see it
    jeune.conseiller = nouveau
    jeune.version = current.version
    return Transfert.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, date=day, ancien_id=ancien_id,
        nouveau=nouveau, motif=motif, auteur=auteur if auteur.is_authenticated else None,
    )


@transaction.atomic
def request_transfer(jeune: Jeune, nouveau: Conseiller, motif: str, demandeur: User) -> DemandeTransfert:
    """A counsellor who is not the referent asks for the file (for themselves or a colleague):
    nothing changes until the direction or the referent accepts. One pending request per file."""
    pending = DemandeTransfert.objects.select_for_update().filter(
        jeune=jeune, statut=DemandeTransfert.Statut.EN_ATTENTE
    )
    if pending.exists():
        raise ValidationError(
            "Une demande de transfert de ce dossier attend déjà la réponse du conseiller référent ou de la direction."
        )
    return DemandeTransfert.objects.create(
        structure_id=jeune.structure_id, jeune=jeune, demandeur=demandeur, nouveau=nouveau, motif=motif
    )


@transaction.atomic
def decide_transfer(demande: DemandeTransfert, accept: bool, decideur: User, day: dt.date) -> Transfert | None:
    """The referent or the direction answers a request; accepted, the transfer is recorded as if
    they had made it (`transfer`, its author the one who accepted)."""
    demande = DemandeTransfert.objects.select_for_update().select_related("jeune", "nouveau").get(pk=demande.pk)
    if demande.statut != DemandeTransfert.Statut.EN_ATTENTE:
        raise ValidationError("Cette demande de transfert a déjà reçu une réponse.")
    demande.statut = DemandeTransfert.Statut.ACCEPTEE if accept else DemandeTransfert.Statut.REFUSEE
    demande.decide_par = decideur
    demande.decide_le = timezone.now()
    demande.save(update_fields=["statut", "decide_par", "decide_le"])
    if not accept:
        return None
    motif = demande.motif or "Demande de transfert acceptée"
    return transfer(demande.jeune, demande.nouveau, day, motif, decideur)


def pending_transfer_requests(user: User):  # type: ignore[no-untyped-def]
    """The requests the user may decide: every pending one of the Mission Locale for the
    direction, those on their referent files for a counsellor."""
    from trajectoires.accounts.enums import Role
    from trajectoires.accounts.perms import Cap, can, conseiller_of  # perms reads jeunes: imported here

    qs = DemandeTransfert.objects.filter(
        structure_id=user.structure_id, statut=DemandeTransfert.Statut.EN_ATTENTE
    ).select_related("jeune", "nouveau", "demandeur")
    if not can(user, Cap.TRANSFER):
        return qs.none()
    if Role(user.role) is Role.DIRECTION:
        return qs
    mine = conseiller_of(user)
    return qs.filter(jeune__conseiller=mine) if mine is not None else qs.none()
