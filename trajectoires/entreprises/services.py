"""The doors of the employers' file (issue 13): the employer itself (`create_employeur`,
`update_employeur`: a SIRET checked and unique in the Mission Locale), the people to talk to
(`add_interlocuteur`, `update_interlocuteur`) and the contacts with an employer
(`record_employer_contact`, counted by the report: `acteurs_economiques_contact`,
`acteurs_economiques_nouveaux`). Each writes through `save()` in a transaction, so that the data
date follows (the report reads the employers and their contacts directly, with no packed copy).
The importer and the demo generator are the bulk doors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from trajectoires.entreprises.enums import NatureContact
from trajectoires.entreprises.models import ContactEmployeur, Employeur, Interlocuteur
from trajectoires.entreprises.reference import naf, normalise_naf, tranches
from trajectoires.entreprises.siret import normalise, siret_error
from trajectoires.structures.models import Structure
from trajectoires.utils.ids import new_ext_id
from trajectoires.utils.phones import InvalidPhone, parse_phone


SUGGESTIONS = 15
NOTE_MAX = 10_000
# The details of an employer a form may change, besides its name, SIRET and commune.
DETAILS = ("naf", "tranche_effectif", "adresse", "telephone", "email")


class SiretEnDouble(ValidationError):
    """A SIRET another employer of the Mission Locale already has; `existing` is that employer
    (the page links it)."""

    def __init__(self, existing: Employeur) -> None:
        self.existing = existing
        super().__init__(
            f"Un employeur de votre Mission Locale a déjà ce SIRET : « {existing.raison_sociale} ». "
            "Choisissez-le dans la liste au lieu d'en créer un second."
        )


def same_siret(structure_id: int, siret: str, exclude_pk: int | None = None) -> Employeur | None:
    rows = Employeur.objects.filter(structure_id=structure_id, siret=normalise(siret))
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.order_by("pk").first()


def _lock_structure(structure_id: int) -> None:
    """Two creations (or SIRET changes) of one Mission Locale wait for each other, so that the
    duplicate check cannot miss a row being written (PostgreSQL; SQLite's write lock already
    serialises them)."""
    Structure.objects.select_for_update().filter(pk=structure_id).first()


def _check_siret(structure_id: int, siret: str, exclude_pk: int | None = None) -> str:
    siret = normalise(siret or "")
    if siret:
        error = siret_error(siret)
        if error:
            raise ValidationError(error)
        existing = same_siret(structure_id, siret, exclude_pk)
        if existing is not None:
            raise SiretEnDouble(existing)
    return siret


def clean_details(details: dict[str, Any]) -> dict[str, str]:
    """The optional details, checked: NAF code of the INSEE list, size band of the INSEE list,
    phone (libphonenumber, stored E.164), e-mail. A French `ValidationError` per field."""
    out: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    if "naf" in details:
        code = normalise_naf(details["naf"])
        if code and code not in naf():
            errors["naf"] = [f"« {code} » n'est pas un code NAF rév. 2 : choisissez-le dans la liste (par exemple "
                             "56.10A pour la restauration traditionnelle)."]
        out["naf"] = code
    if "tranche_effectif" in details:
        code = (details["tranche_effectif"] or "").strip()
        if code and code not in tranches():
            errors["tranche_effectif"] = ["Choisissez une tranche d'effectif de la liste."]
        out["tranche_effectif"] = code
    if "adresse" in details:
        out["adresse"] = " ".join((details["adresse"] or "").split())[:300]
    if "telephone" in details:
        try:
            out["telephone"] = parse_phone(details["telephone"] or "")
        except InvalidPhone as e:
            errors["telephone"] = [str(e)]
    if "email" in details:
        email = (details["email"] or "").strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = ["Saisissez une adresse électronique valide, par exemple contact@entreprise.fr."]
        out["email"] = email
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def create_employeur(
    structure_id: int, raison_sociale: str, siret: str = "", commune: str | None = None, **details: Any
) -> Employeur:
    """A new employer of the Mission Locale. Refused (French `ValidationError`) for a SIRET that
    is not one, or that an employer of the Mission Locale already has (`SiretEnDouble`)."""
    raison_sociale = " ".join((raison_sociale or "").split())
    if not raison_sociale:
        raise ValidationError("Indiquez la raison sociale de l'employeur.")
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise TypeError(f"unknown employer fields: {sorted(unknown)}")
    cleaned = clean_details(details)
    _lock_structure(structure_id)
    siret = _check_siret(structure_id, siret)
    return Employeur.objects.create(
        structure_id=structure_id, ext_id=new_ext_id(), raison_sociale=raison_sociale, siret=siret or None,
        commune=commune or None, **{**cleaned, "naf": cleaned.get("naf") or None},
    )


@transaction.atomic
def update_employeur(employeur: Employeur, raison_sociale: str, siret: str = "", commune: str | None = None,
                     **details: Any) -> Employeur:
    """Change the employer's identity and details: same checks as the creation, the SIRET
    compared with the Mission Locale's other employers."""
    raison_sociale = " ".join((raison_sociale or "").split())
    if not raison_sociale:
        raise ValidationError("Indiquez la raison sociale de l'employeur.")
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise TypeError(f"unknown employer fields: {sorted(unknown)}")
    cleaned = clean_details(details)
    _lock_structure(employeur.structure_id)
    row = Employeur.objects.select_for_update().get(pk=employeur.pk)
    row.siret = _check_siret(row.structure_id, siret, exclude_pk=row.pk) or None
    row.raison_sociale = raison_sociale
    row.commune = commune or None
    for name, value in cleaned.items():
        setattr(row, name, value or (None if name == "naf" else ""))
    row.save()
    return row


def _person_fields(data: dict[str, Any]) -> dict[str, Any]:
    nom = " ".join((data.get("nom") or "").split())
    errors: dict[str, list[str]] = {}
    if not nom:
        errors["nom"] = ["Indiquez le nom de la personne."]
    out: dict[str, Any] = {
        "nom": nom,
        "prenom": " ".join((data.get("prenom") or "").split()),
        "fonction": " ".join((data.get("fonction") or "").split()),
        "actif": bool(data.get("actif", True)),
    }
    try:
        details = clean_details({"telephone": data.get("telephone") or "", "email": data.get("email") or ""})
        out.update(details)
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def add_interlocuteur(employeur: Employeur, data: dict[str, Any]) -> Interlocuteur:
    """A person to talk to at the employer: name required, phone checked with libphonenumber."""
    return Interlocuteur.objects.create(
        structure_id=employeur.structure_id, ext_id=new_ext_id(), employeur=employeur, **_person_fields(data)
    )


@transaction.atomic
def update_interlocuteur(interlocuteur: Interlocuteur, data: dict[str, Any]) -> Interlocuteur:
    row = Interlocuteur.objects.select_for_update().get(pk=interlocuteur.pk)
    for name, value in _person_fields(data).items():
        setattr(row, name, value)
    row.save()
    return row


def check_employer_contact(employeur: Employeur, date: dt.date | None, nature: str,
                           interlocuteur: Interlocuteur | None, a_rappeler_le: dt.date | None,
                           today: dt.date) -> dict[str, list[str]]:
    """The rules of a contact with an employer, as French messages per field."""
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = ["Indiquez la date du contact."]
    elif date > today:
        errors["date"] = ["Un contact se date du jour où il a eu lieu : la date ne peut pas être dans le futur."]
    if nature not in NatureContact.values:
        errors["nature"] = ["Choisissez la nature du contact."]
    if interlocuteur is not None and interlocuteur.employeur_id != employeur.pk:
        errors["interlocuteur"] = ["Choisissez une personne de cet employeur."]
    if a_rappeler_le is not None and date is not None and a_rappeler_le < date:
        errors["a_rappeler_le"] = ["La date de rappel suit le contact : choisissez un jour après le contact."]
    return errors


@transaction.atomic
def record_employer_contact(
    employeur: Employeur, conseiller_id: int | None, date: dt.date, nature: str, note: str = "",
    interlocuteur: Interlocuteur | None = None, a_rappeler_le: dt.date | None = None,
    today: dt.date | None = None,
) -> ContactEmployeur:
    """A contact with the employer (visit, phone, mail, event…), counted by the report: the
    employer is "in contact" in the period of `date`, and "new" in it when it is its first-ever
    contact. Its call-back date, if any, is the employer's until a later contact is recorded."""
    errors = check_employer_contact(employeur, date, nature, interlocuteur, a_rappeler_le,
                                    today or timezone.localdate())
    if errors:
        raise ValidationError(errors)
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": [f"La note dépasse {NOTE_MAX:,} caractères : raccourcissez-la.".replace(
            ",", "\u202f")]})
    return ContactEmployeur.objects.create(
        structure_id=employeur.structure_id, ext_id=new_ext_id(), employeur=employeur, date=date, nature=nature,
        conseiller_id=conseiller_id, note=note, interlocuteur=interlocuteur, a_rappeler_le=a_rappeler_le,
    )


def suggestions(structure_id: int, q: str) -> QuerySet[Employeur]:
    """The employers of the Mission Locale whose name contains `q`, or whose SIRET starts with
    it (digits), best matches first; at most SUGGESTIONS."""
    q = q.strip()
    rows = Employeur.objects.filter(structure_id=structure_id)
    if not q:
        return rows.none()
    digits = normalise(q)
    condition = Q(raison_sociale__icontains=q)
    if digits.isdigit() and len(digits) >= 3:
        condition |= Q(siret__startswith=digits)
    return rows.filter(condition).order_by("raison_sociale", "pk")[:SUGGESTIONS]
