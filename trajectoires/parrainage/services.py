"""The doors of mentoring (issue 14, docs/parrainage.md): mentors, their logins, pairings,
meetings and worries. Written through the models' `save()`, whose receivers keep the audit
journal, the data date and the report true in the same transaction. The importer is the bulk
door (parrains.csv, parrainages.csv).

Meetings and the imported count: `Parrainage.entretiens` is the number of meetings of the
pairing, the interchange's column, which the report sums (`entretiens_par_parrain`). Recording a
meeting adds one to it in the same transaction (row locked), so the report, the pages and an
export agree; an import sets the count its file gives (docs/parrainage.md)."""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.jeunes.models import Jeune
from trajectoires.parrainage.models import Inquietude, Parrain, Parrainage, Rencontre
from trajectoires.utils.ids import new_ext_id


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller

PARRAIN_FIELDS = ("nom", "prenom", "statut", "profession", "disponibilites", "telephone", "email", "date_entree",
                  "date_sortie")
# Letters and digits that cannot be misread when said on the phone or copied from a screen.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


# --- Mentors ------------------------------------------------------------------------------------
def _parrain_errors(data: dict[str, Any]) -> list[str]:
    sortie, entree = data.get("date_sortie"), data.get("date_entree")
    if sortie and entree and sortie < entree:
        return ["La date de sortie du réseau ne peut pas précéder la date d'entrée."]
    return []


@transaction.atomic
def create_parrain(structure_id: int, data: dict[str, Any]) -> tuple[Parrain | None, list[str]]:
    errors = _parrain_errors(data)
    if errors:
        return None, errors
    values = {name: data.get(name) or None for name in PARRAIN_FIELDS}
    parrain = Parrain.objects.create(structure_id=structure_id, ext_id=new_ext_id(), **values)
    return parrain, []


@transaction.atomic
def update_parrain(parrain: Parrain, data: dict[str, Any]) -> tuple[Parrain, list[str]]:
    errors = _parrain_errors(data)
    if errors:
        return parrain, errors
    current = Parrain.objects.select_for_update().get(pk=parrain.pk)
    for name in PARRAIN_FIELDS:
        setattr(current, name, data.get(name) or None)
    current.save()
    if current.user_id is not None and current.date_sortie is not None and current.date_sortie < timezone.localdate():
        _deactivate(current.user)  # left the network: the login closes
    return current, []


def _deactivate(user: User) -> None:
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


def _username_base(parrain: Parrain) -> str:
    text = unicodedata.normalize("NFKD", f"{parrain.prenom}.{parrain.nom}").encode("ascii", "ignore").decode()
    base = "".join(c for c in text.lower() if c.isalnum() or c == ".").strip(".")
    return base[:120] or "parrain"


def temporary_password() -> str:
    """Four groups of four characters, e.g. « k7mq-3xza-pw9e-h2tc » (about 79 bits)."""
    chars = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


@transaction.atomic
def create_parrain_login(parrain: Parrain) -> tuple[User, str]:
    """The mentor's login (role `parrain`, linked through `Parrain.user`) with a temporary
    password, returned once to be shown once; for a mentor who has one, a new temporary
    password (forgotten password). Refused for a mentor who left the network."""
    current = Parrain.objects.select_for_update().get(pk=parrain.pk)
    if current.date_sortie is not None and current.date_sortie < timezone.localdate():
        raise ValueError("Ce parrain a quitté le réseau : son compte ne peut pas être ouvert.")
    password = temporary_password()
    user = current.user
    if user is None:
        base = _username_base(current)
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        user = User(username=username, role=Role.PARRAIN, structure_id=current.structure_id)
    user.first_name, user.last_name = current.prenom[:150], current.nom[:150]
    user.email = current.email or ""
    user.is_active = True
    user.password = make_password(password)
    user.save()
    if current.user_id != user.pk:
        current.user = user
        current.save(update_fields=["user"])
    return user, password


# --- Pairings -----------------------------------------------------------------------------------
def _shares_changed(parrainage: Parrainage, telephone: bool, email: bool) -> bool:
    return parrainage.partage_telephone != telephone or parrainage.partage_email != email


@transaction.atomic
def create_parrainage(
    jeune: Jeune, parrain: Parrain, debut: dt.date, fin_prevue: dt.date | None, partage_telephone: bool,
    partage_email: bool, today: dt.date,
) -> tuple[Parrainage | None, list[str]]:
    errors = []
    if parrain.structure_id != jeune.structure_id:
        errors.append("Le parrain et le jeune doivent être de la même Mission Locale.")
    if debut > today:
        errors.append("La date de début ne peut pas être dans le futur.")
    if debut < parrain.date_entree or (parrain.date_sortie is not None and debut > parrain.date_sortie):
        errors.append(f"{parrain} n'est pas dans le réseau à cette date.")
    if fin_prevue is not None and fin_prevue < debut:
        errors.append("La fin prévue ne peut pas précéder le début.")
    Jeune.objects.select_for_update().filter(pk=jeune.pk).first()  # two pairings at once: one waits
    ongoing = jeune.parrainages.filter(date_debut__lte=fin_prevue or dt.date.max).exclude(date_fin__lt=debut)
    if ongoing.exists():
        errors.append("Ce jeune a déjà un parrainage en cours à cette date : terminez-le d'abord.")
    if errors:
        return None, errors
    parrainage = Parrainage.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, parrain=parrain, date_debut=debut,
        date_fin_prevue=fin_prevue, partage_telephone=partage_telephone, partage_email=partage_email,
        partage_date=today if (partage_telephone or partage_email) else None,
    )
    return parrainage, []


@transaction.atomic
def update_parrainage(
    parrainage: Parrainage, *, fin_prevue: dt.date | None, partage_telephone: bool, partage_email: bool,
    date_fin: dt.date | None, issue: str | None, today: dt.date,
) -> tuple[Parrainage, list[str]]:
    """The planned end, what the young person shares with the mentor, and the end (date and
    outcome, both or neither)."""
    current = Parrainage.objects.select_for_update().get(pk=parrainage.pk)
    errors = []
    if fin_prevue is not None and fin_prevue < current.date_debut:
        errors.append("La fin prévue ne peut pas précéder le début.")
    if date_fin is not None and date_fin < current.date_debut:
        errors.append("La date de fin ne peut pas précéder le début.")
    if date_fin is not None and date_fin > today:
        errors.append("La date de fin ne peut pas être dans le futur : enregistrez la fin le jour venu.")
    if (date_fin is None) != (not issue):
        errors.append("Pour terminer le parrainage, indiquez la date de fin et l'issue (les deux).")
    if errors:
        return current, errors
    if _shares_changed(current, partage_telephone, partage_email):
        current.partage_date = today
    current.partage_telephone, current.partage_email = partage_telephone, partage_email
    current.date_fin_prevue = fin_prevue
    current.date_fin, current.issue = date_fin, issue or None
    current.save()
    return current, []


# --- The mentor's writes: meetings and worries --------------------------------------------------
@transaction.atomic
def record_rencontre(
    parrainage: Parrainage, date: dt.date, duree: int, note: str, auteur: User | None, today: dt.date
) -> tuple[Rencontre | None, list[str]]:
    """A meeting; the pairing's count of meetings (`entretiens`) grows by one with it."""
    current = Parrainage.objects.select_for_update().get(pk=parrainage.pk)
    errors = []
    if date > today:
        errors.append("La date de la rencontre ne peut pas être dans le futur.")
    if date < current.date_debut:
        debut = date_format(current.date_debut, "j F Y")
        errors.append(f"Le parrainage a commencé le {debut} : la rencontre ne peut pas être antérieure.")
    if current.date_fin is not None and date > current.date_fin:
        errors.append("Le parrainage était terminé à cette date.")
    if not 1 <= duree <= 24 * 60:
        errors.append("Indiquez une durée entre 1 minute et 24 heures.")
    if errors:
        return None, errors
    rencontre = Rencontre.objects.create(
        structure_id=current.structure_id, ext_id=new_ext_id(), parrainage=current, jeune_id=current.jeune_id,
        date=date, duree=duree, note=note.strip() or None, auteur=auteur,
    )
    current.entretiens = (current.entretiens or 0) + 1
    current.save(update_fields=["entretiens"])
    return rencontre, []


@transaction.atomic
def signal_inquietude(parrainage: Parrainage, texte: str, now: dt.datetime | None = None) -> Inquietude:
    """A worry for the young person's referent counsellor (their home shows it until read)."""
    jeune = Jeune.objects.select_related("conseiller").get(pk=parrainage.jeune_id)
    conseiller: Conseiller | None = jeune.conseiller
    return Inquietude.objects.create(
        structure_id=parrainage.structure_id, ext_id=new_ext_id(), parrainage=parrainage, jeune=jeune,
        conseiller=conseiller, texte=texte.strip(), signalee_le=now or timezone.now(),
    )


@transaction.atomic
def mark_inquietude_read(inquietude: Inquietude, user: User, now: dt.datetime | None = None) -> Inquietude:
    current = Inquietude.objects.select_for_update().get(pk=inquietude.pk)
    if current.lue_le is None:
        current.lue_le, current.lue_par = now or timezone.now(), user
        current.save(update_fields=["lue_le", "lue_par"])
    return current
