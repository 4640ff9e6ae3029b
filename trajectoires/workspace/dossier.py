"""The workspace's side of creating a file and changing its profile (the writes themselves are
the doors of jeunes/services.py: `create_jeune`, `update_profile`).

- Creation looks for duplicates first (same name and birth date, close spellings, same name with
  another birth date) through the search module, so the user can open the existing file.
- A profile change is guarded by an optimistic lock: the form carries the file's `version` and
  the values it showed, signed here (`make_token` / `read_token`); `update_profile` claims the
  version in its UPDATE and adds 1. If someone else changed a field of the form in between,
  nothing is saved and the user sees what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core import signing

from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import snapshot
from trajectoires.workspace.search import normalise, search_jeunes


if TYPE_CHECKING:
    from trajectoires.accounts.models import User

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


def make_token(jeune: Jeune, fields: tuple[str, ...] | list[str]) -> str:
    """What the edit form started from: the version and the values shown, signed."""
    return signing.dumps({"v": jeune.version, "o": snapshot(jeune, fields)}, salt=TOKEN_SALT)


def read_token(token: str) -> tuple[int, dict[str, str]] | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        return int(data["v"]), dict(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


