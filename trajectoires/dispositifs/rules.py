"""The legal rules of the national programmes, as plain functions (docs/domain.md §2).

- PACEA (loi n° 2016-1088 art. 46, décret n° 2016-1855; since 1 January 2017): 16–25 years old,
  at most 24 consecutive months;
- Garantie jeunes: 16–25 years old (L5131-3), a phase of the PACEA that ended on 28 February
  2022 (replaced by the CEJ);
- CEJ (décret n° 2022-199; since 1 March 2022): 16–25 years old, up to 29 with an RQTH; 6 to 12
  months, exceptionally up to 18;
- a PACEA and a CEJ never run at the same time (one may come before or after the other).

A duration of N months starting on day D ends on the day before D + N months: a 24-month PACEA
entered on 15/01/2023 lasts until 14/01/2025 at the latest. Messages are in French and say what
to do; every function returns the list of problems (empty: allowed)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


PACEA = "pacea"
CEJ = "cej"
GARANTIE_JEUNES = "garantie_jeunes"

PACEA_DEBUT = dt.date(2017, 1, 1)
PACEA_MAX_MOIS = 24
GJ_FIN = dt.date(2022, 2, 28)
CEJ_DEBUT = dt.date(2022, 3, 1)
CEJ_MIN_MOIS = 6
CEJ_MAX_MOIS = 12
CEJ_MAX_MOIS_EXCEPTIONNEL = 18
AGE_MIN = 16
AGE_MAX = 25
AGE_MAX_RQTH_CEJ = 29

# Programmes that exclude each other (never open on the same day).
EXCLUSIFS = {PACEA: CEJ, CEJ: PACEA}
NATIONAUX_AGE = (PACEA, CEJ, GARANTIE_JEUNES)
NOMS = {PACEA: "PACEA", CEJ: "CEJ", GARANTIE_JEUNES: "Garantie jeunes"}


@dataclass(frozen=True)
class Periode:
    """An enrolment as the rules see it (an `Inscription`, or its values)."""

    dispositif: str
    date_entree: dt.date
    date_sortie: dt.date | None


def fr(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when it does not exist (31/01 + 1 = 28/02)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day(entree: dt.date, months: int) -> dt.date:
    """The last day of a duration of `months` months starting on `entree`."""
    return add_months(entree, months) - dt.timedelta(days=1)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_max(code: str, rqth: bool | None) -> int:
    return AGE_MAX_RQTH_CEJ if code == CEJ and rqth else AGE_MAX


def derniere_sortie_possible(code: str, entree: dt.date, prolongation: bool = False) -> dt.date | None:
    """The latest exit date the law allows (None: no legal bound)."""
    if code == PACEA:
        return last_day(entree, PACEA_MAX_MOIS)
    if code == CEJ:
        return last_day(entree, CEJ_MAX_MOIS_EXCEPTIONNEL if prolongation else CEJ_MAX_MOIS)
    return None


def fin_prevue_par_defaut(code: str, entree: dt.date) -> dt.date | None:
    """The planned end set at entry when the counsellor gives none: the longest duration the
    rules allow without an exception (PACEA 24 months, CEJ 12 months); none for programmes
    without a legal duration."""
    return derniere_sortie_possible(code, entree)


def fin_prevue_errors(code: str, entree: dt.date, fin: dt.date, prolongation: bool = False) -> list[str]:
    """A planned end within the programme's rules: after the entry; PACEA at most 24 months;
    CEJ from 6 to 12 months (18 with the exceptional extension)."""
    if fin < entree:
        return [f"La fin prévue ne peut pas précéder l'entrée, le {fr(entree)}."]
    if code == PACEA and fin > last_day(entree, PACEA_MAX_MOIS):
        return [
            f"Le PACEA dure au plus {PACEA_MAX_MOIS} mois : entré le {fr(entree)}, sa fin prévue est au plus tard "
            f"le {fr(last_day(entree, PACEA_MAX_MOIS))}."
        ]
    if code == CEJ:
        plus_tot = last_day(entree, CEJ_MIN_MOIS)
        mois = CEJ_MAX_MOIS_EXCEPTIONNEL if prolongation else CEJ_MAX_MOIS
        if fin < plus_tot:
            return [
                f"Un CEJ dure au moins {CEJ_MIN_MOIS} mois : entré le {fr(entree)}, sa fin prévue est au plus tôt "
                f"le {fr(plus_tot)}."
            ]
        if fin > last_day(entree, mois):
            extra = "" if prolongation else f" ({CEJ_MAX_MOIS_EXCEPTIONNEL} avec une prolongation exceptionnelle)"
            return [
                f"Le CEJ dure au plus {mois} mois{extra} : entré le {fr(entree)}, sa fin prévue est au plus tard "
                f"le {fr(last_day(entree, mois))}."
            ]
    return []


def _open_on_or_after(periode: Periode, day: dt.date) -> bool:
    """Does this enrolment still run on `day` or later (an open-ended entry on `day` would overlap it)?"""
    return periode.date_sortie is None or periode.date_sortie >= day


def entry_errors(
    code: str,
    entree: dt.date,
    *,
    date_naissance: dt.date,
    rqth: bool | None,
    existing: Iterable[Periode],
    today: dt.date,
) -> list[str]:
    """Problems with entering `code` on `entree`, given the young person's other enrolments."""
    errors: list[str] = []
    nom = NOMS.get(code, "ce dispositif")
    if entree > today:
        errors.append("La date d'entrée ne peut pas être dans le futur : enregistrez l'entrée le jour où elle a lieu.")
    if entree < date_naissance:
        errors.append(f"La date d'entrée précède la naissance du jeune ({fr(date_naissance)}) : vérifiez l'année.")
        return errors
    if code == GARANTIE_JEUNES and entree > GJ_FIN:
        errors.append(
            f"La Garantie jeunes a pris fin le {fr(GJ_FIN)} (remplacée par le CEJ le {fr(CEJ_DEBUT)}) : "
            "choisissez le CEJ, ou une date d'entrée antérieure."
        )
    if code == CEJ and entree < CEJ_DEBUT:
        errors.append(f"Le CEJ existe depuis le {fr(CEJ_DEBUT)} : choisissez une date d'entrée à partir de ce jour.")
    if code == PACEA and entree < PACEA_DEBUT:
        errors.append(
            f"Le PACEA existe depuis le {fr(PACEA_DEBUT)} : choisissez une date d'entrée à partir de ce jour."
        )
    if code in NATIONAUX_AGE:
        age = age_on(date_naissance, entree)
        limit = age_max(code, rqth)
        if age < AGE_MIN or age > limit:
            extra = " (29 ans avec une RQTH)" if code == CEJ else ""
            if code == CEJ and not rqth and age <= AGE_MAX_RQTH_CEJ:
                extra += " ; si le jeune a une RQTH, renseignez-la d'abord dans son profil"
            errors.append(
                f"Le jeune a {age} ans à la date d'entrée : le {nom} est ouvert de {AGE_MIN} à {AGE_MAX} ans{extra}."
            )
    for other in existing:
        if other.dispositif == code and _open_on_or_after(other, entree):
            errors.append(
                f"Le jeune est déjà inscrit en {nom} (entrée le {fr(other.date_entree)}"
                + (f", sortie le {fr(other.date_sortie)})" if other.date_sortie else ", sans sortie)")
                + " : enregistrez d'abord sa sortie, ou une date d'entrée postérieure."
            )
        exclu = EXCLUSIFS.get(code)
        if exclu and other.dispositif == exclu and _open_on_or_after(other, entree):
            errors.append(
                f"Un PACEA et un CEJ ne peuvent pas se dérouler en même temps : le jeune est en {NOMS[exclu]} depuis "
                f"le {fr(other.date_entree)}"
                + (f" jusqu'au {fr(other.date_sortie)}" if other.date_sortie else "")
                + f". Enregistrez d'abord sa sortie du {NOMS[exclu]}, puis l'entrée en {nom} à une date postérieure."
            )
    return errors


def exit_errors(
    code: str,
    entree: dt.date,
    sortie: dt.date,
    motif: str,
    *,
    today: dt.date,
    prolongation: bool = False,
) -> list[str]:
    """Problems with leaving `code` (entered on `entree`) on `sortie` with `motif`."""
    errors: list[str] = []
    if sortie > today:
        errors.append(
            "La date de sortie ne peut pas être dans le futur : enregistrez la sortie le jour où elle a lieu."
        )
    if sortie < entree:
        errors.append(f"La date de sortie précède la date d'entrée ({fr(entree)}) : vérifiez les dates.")
        return errors
    if not motif:
        errors.append("Choisissez le motif de sortie.")
    latest = derniere_sortie_possible(code, entree, prolongation)
    if latest is not None and sortie > latest:
        if code == PACEA:
            errors.append(
                f"Le PACEA dure au plus {PACEA_MAX_MOIS} mois : entré le {fr(entree)}, le jeune en sort au plus "
                f"tard le {fr(latest)}. Indiquez cette date ou une date antérieure."
            )
        elif prolongation:
            errors.append(
                f"Le CEJ dure au plus {CEJ_MAX_MOIS_EXCEPTIONNEL} mois, même prolongé : entré le {fr(entree)}, le "
                f"jeune en sort au plus tard le {fr(latest)}."
            )
        else:
            errors.append(
                f"Le CEJ dure de {CEJ_MIN_MOIS} à {CEJ_MAX_MOIS} mois : entré le {fr(entree)}, le jeune en sort au "
                f"plus tard le {fr(latest)}. S'il a bénéficié d'une prolongation exceptionnelle (jusqu'à "
                f"{CEJ_MAX_MOIS_EXCEPTIONNEL} mois), cochez-la."
            )
    if code == CEJ and motif == "fin_de_parcours" and sortie < last_day(entree, CEJ_MIN_MOIS):
        errors.append(
            f"Un CEJ mené à son terme dure au moins {CEJ_MIN_MOIS} mois (jusqu'au {fr(last_day(entree, CEJ_MIN_MOIS))}"
            ") : pour une sortie anticipée, choisissez le motif qui l'explique (emploi, abandon, déménagement…)."
        )
    return errors


def open_enrolment(periodes: Iterable[Periode], code: str, day: dt.date) -> Periode | None:
    """The enrolment in `code` running on `day`, if any."""
    for p in periodes:
        if p.dispositif == code and p.date_entree <= day and (p.date_sortie is None or p.date_sortie >= day):
            return p
    return None
