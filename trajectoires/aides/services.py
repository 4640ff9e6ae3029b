"""The door of help and allowances (`Aide`): the caps in force (`PlafondAide`) are checked
inside a lock of the file, then the row is written through `save()`, whose receivers keep the
audit journal, the data date and the report's packed copies true in the same transaction. The
importer is the bulk door."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum

from trajectoires.aides.enums import DISPOSITIF_DE_L_ALLOCATION, PublicBareme
from trajectoires.aides.models import Aide, PlafondAide
from trajectoires.dispositifs.rules import NOMS, add_months, age_on, open_enrolment
from trajectoires.dispositifs.services import periodes
from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import lock_jeune
from trajectoires.utils.ids import new_ext_id


@dataclass(frozen=True)
class Plafond:
    row: PlafondAide
    public: str


def public_for(jeune: Jeune, type_aide: str, day: dt.date, foyer: str | None) -> str:
    """Whose amount applies: the CEJ's depends on age and tax household; others have one amount."""
    if type_aide != "allocation_cej":
        return PublicBareme.TOUS
    if age_on(jeune.date_naissance, day) < 18:
        return PublicBareme.MINEUR
    return foyer or PublicBareme.MAJEUR_NON_IMPOSABLE


def plafond_for(type_aide: str, public: str, day: dt.date) -> PlafondAide | None:
    """The cap in force on `day` (the latest row started on or before it, not ended before it)."""
    return (
        PlafondAide.objects.filter(type=type_aide, public=public, date_debut__lte=day)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=day))
        .order_by("-date_debut")
        .first()
    )


def euros(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " €"


def _granted(jeune: Jeune, type_aide: str, debut: dt.date, fin: dt.date) -> Decimal:
    total = jeune.aides.filter(type=type_aide, date__gte=debut, date__lte=fin).aggregate(s=Sum("montant"))["s"]
    return total or Decimal(0)


def check_aide(
    jeune: Jeune, type_aide: str, day: dt.date, montant: Decimal | None, foyer: str | None, today: dt.date
) -> list[str]:
    """Problems with granting this help: a date in the past, the programme the allowance belongs
    to, and the caps in force that day (per calendar month, per rolling 12 months)."""
    errors: list[str] = []
    if day > today:
        errors.append("La date de décision ne peut pas être dans le futur.")
    if day < jeune.date_naissance:
        errors.append("La date de décision précède la naissance du jeune : vérifiez l'année.")
        return errors
    code = DISPOSITIF_DE_L_ALLOCATION.get(type_aide)
    if code and open_enrolment(periodes(jeune), code, day) is None:
        errors.append(
            f"L'allocation {NOMS[code]} est versée à un jeune inscrit en {NOMS[code]} : le jeune n'y est pas "
            f"inscrit le {day:%d/%m/%Y}. Enregistrez d'abord son entrée, ou corrigez la date."
        )
    if code and montant is None:
        errors.append("Indiquez le montant de l'allocation.")
    if montant is None:
        return errors
    public = public_for(jeune, type_aide, day, foyer)
    row = plafond_for(type_aide, public, day)
    if row is None:
        if code:
            errors.append(
                f"Aucun barème de l'allocation {NOMS[code]} n'est en vigueur le {day:%d/%m/%Y} : l'administrateur "
                "peut l'ajouter dans l'administration (plafonds d'aides), avec sa source."
            )
        return errors
    label = dict(PublicBareme.choices)[public].lower() if public != PublicBareme.TOUS else ""
    if row.plafond_mensuel is not None:
        first = day.replace(day=1)
        last = add_months(first, 1) - dt.timedelta(days=1)
        before = _granted(jeune, type_aide, first, last)
        if before + montant > row.plafond_mensuel:
            errors.append(
                f"Le plafond est de {euros(row.plafond_mensuel)} par mois{f' ({label})' if label else ''} au "
                f"{day:%d/%m/%Y}"
                + (f" et {euros(before)} sont déjà accordés ce mois-ci" if before else "")
                + f" : vous pouvez accorder au plus {euros(max(row.plafond_mensuel - before, Decimal(0)))}."
            )
    if row.plafond_12_mois is not None:
        start = add_months(day, -12) + dt.timedelta(days=1)
        before = _granted(jeune, type_aide, start, day)
        if before + montant > row.plafond_12_mois:
            errors.append(
                f"Le plafond est de {euros(row.plafond_12_mois)} sur 12 mois (du {start:%d/%m/%Y} au "
                f"{day:%d/%m/%Y}) et {euros(before)} sont déjà accordés : vous pouvez accorder au plus "
                f"{euros(max(row.plafond_12_mois - before, Decimal(0)))}."
            )
    return errors


@transaction.atomic
def grant_aide(
    jeune: Jeune, type_aide: str, day: dt.date, montant: Decimal | None, foyer: str | None, today: dt.date
) -> tuple[Aide | None, list[str]]:
    """The help, or why it cannot be granted; the caps are checked inside the lock, so two grants
    at once cannot both pass them."""
    lock_jeune(jeune)
    errors = check_aide(jeune, type_aide, day, montant, foyer, today)
    if errors:
        return None, errors
    aide = Aide.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, type=type_aide, date=day, montant=montant
    )
    return aide, []
