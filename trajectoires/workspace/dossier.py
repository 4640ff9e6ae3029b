"""Creating a young person's file and changing its profile.

- Creation looks for duplicates first (same name and birth date, close spellings, same name with
  another birth date) through the search module, so the user can open the existing file.
- A profile change is guarded by an optimistic lock: the form carries the file's `version` and
  the values it showed (signed); the save claims the version in its UPDATE
  (`… WHERE id = %s AND version = %s`) and adds 1. If someone else changed a field of the form in
  between, nothing is saved and the user sees what changed. Writers that do not bump the version
  (the importer) are caught by comparing the values the form started from with the saved ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db import transaction
from django.db.models import F

from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.contacts import new_ext_id
from trajectoires.workspace.search import normalise, search_jeunes


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller, User

TOKEN_SALT = "trajectoires.workspace.profil"
MAX_DOUBLONS = 10


# --- Duplicates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Doublon:
    jeune: Jeune
    raison: str


def find_duplicates(user: User, nom: str, prenom: str, date_naissance: dt.date) -> list[Doublon]:
    """Files of the user's scope that may be the same young person: same name and birth date,
    a close spelling with the same birth date, or the same name with another birth date."""
    full = normalise(f"{nom} {prenom}").split()
    found: dict[int, Doublon] = {}
    same_day = search_jeunes(user, f"{nom} {prenom} {date_naissance:%d/%m/%Y}", limit=MAX_DOUBLONS)
    for jeune in same_day.jeunes:
        if jeune.date_naissance != date_naissance:  # an identifier typed as a name, say
            continue
        same_name = sorted(normalise(f"{jeune.nom} {jeune.prenom}").split()) == sorted(full)
        raison = (
            "même nom, même prénom et même date de naissance"
            if same_name
            else "nom ou prénom d'orthographe proche, même date de naissance"
        )
        found[jeune.pk] = Doublon(jeune, raison)
    homonyms = search_jeunes(user, f"{nom} {prenom}", limit=MAX_DOUBLONS)
    for jeune in homonyms.jeunes:
        if jeune.pk in found or jeune.pk in homonyms.approchants:
            continue
        if sorted(normalise(f"{jeune.nom} {jeune.prenom}").split()) == sorted(full):
            ne = "née" if jeune.sexe == "f" else "né"
            found[jeune.pk] = Doublon(jeune, f"même nom et même prénom, {ne} le {jeune.date_naissance:%d/%m/%Y}")
    return list(found.values())[:MAX_DOUBLONS]


# --- Creation --------------------------------------------------------------------------------
@transaction.atomic
def create_jeune(structure_id: int, data: dict[str, Any], conseiller: Conseiller | None) -> Jeune:
    """A new file, with an identifier of the application (`web-…`, never an imported one's)."""
    values = {k: v for k, v in data.items() if k in PROFILE_EDITABLE or k == "conseiller"}
    if conseiller is not None and not values.get("conseiller"):
        values["conseiller"] = conseiller
    return Jeune.objects.create(structure_id=structure_id, ext_id=new_ext_id(), **values)


# --- Profile change with an optimistic lock --------------------------------------------------
# The profile fields a form may change, in display order (the referent changes by a transfer).
PROFILE_EDITABLE = (
    "nom", "prenom", "sexe", "date_naissance", "site", "commune", "qpv", "niveau", "diplome", "hebergement",
    "permis_b", "vehicule", "enfants", "nationalite", "origine", "rqth",
)


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


def make_token(jeune: Jeune, fields: tuple[str, ...] | list[str]) -> str:
    """What the edit form started from: the version and the values shown, signed."""
    return signing.dumps({"v": jeune.version, "o": snapshot(jeune, fields)}, salt=TOKEN_SALT)


def read_token(token: str) -> tuple[int, dict[str, str]] | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        return int(data["v"]), dict(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


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
        for name in fields:
            setattr(current, name, data[name])
        current.save(update_fields=[*fields])  # the ORM save also refreshes the search keys (signal)
    return Resultat(current, True, [])


@transaction.atomic
def bump_version(jeune: Jeune) -> None:
    """A change made outside the profile form (a transfer): edit forms open before it see it."""
    Jeune.objects.filter(pk=jeune.pk).update(version=F("version") + 1)
    jeune.version += 1
