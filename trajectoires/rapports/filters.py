"""Restricting a report to one site, sector, EPCI, counsellor or programme (indicators.md,
"Filters"). A filter resolves to the set of young people it keeps, anew for each period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from trajectoires.accounts.models import Conseiller
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.dispositifs.models import Dispositif, Inscription
from trajectoires.structures.models import Commune, Site, Structure


FILTER_KEYS = ("site", "secteur", "epci", "conseiller", "dispositif")
FILTER_LABELS = {
    "site": "site (identifiant du site)",
    "secteur": "secteur (libellé du secteur)",
    "epci": "epci (nom de l'EPCI)",
    "conseiller": "conseiller (identifiant du conseiller)",
    "dispositif": "dispositif (code du dispositif)",
}


class FiltreInvalide(ValueError):
    """A filter that names an unknown key or value; the message says what to do."""


@dataclass(frozen=True)
class Filtre:
    key: str
    value: str
    pk: int | None = None  # resolved site / conseiller primary key

    @property
    def label(self) -> str:
        return f"{self.key} = {self.value}"

    def as_dict(self) -> dict[str, str]:
        return {"cle": self.key, "valeur": self.value}


def _suggest(values: list[str]) -> str:
    values = sorted(v for v in values if v)
    if not values:
        return " (aucune valeur possible dans cette Mission Locale)"
    shown = ", ".join(f"« {v} »" for v in values[:12])
    more = f" et {len(values) - 12} autres" if len(values) > 12 else ""
    return f". Valeurs possibles : {shown}{more}"


def parse_filtre(text: str) -> tuple[str, str]:
    """`KEY=VALUE` -> (key, value), with a French message on a bad form or key."""
    if "=" not in text:
        raise FiltreInvalide(
            f"Filtre « {text} » mal formé : écrivez CLE=VALEUR, par exemple --filtre secteur=Siège "
            f"(clés possibles : {', '.join(FILTER_KEYS)})."
        )
    key, value = (part.strip() for part in text.split("=", 1))
    return key, value


def resolve_filtre(structure: Structure, key: str, value: str) -> Filtre:
    """Check a filter against the structure's data: site and conseiller by identifier,
    secteur and epci by label, dispositif by code."""
    key = key.strip().lower()
    if key not in FILTER_KEYS:
        raise FiltreInvalide(
            f"Filtre inconnu « {key} » : utilisez l'une des clés "
            + ", ".join(FILTER_LABELS[k] for k in FILTER_KEYS)
            + "."
        )
    if not value:
        raise FiltreInvalide(f"Le filtre « {key} » demande une valeur : écrivez {key}=VALEUR.")
    if key == "site":
        pk = Site.objects.filter(structure=structure, ext_id=value).values_list("pk", flat=True).first()
        if pk is None:
            ids = list(Site.objects.filter(structure=structure).values_list("ext_id", flat=True))
            raise FiltreInvalide(f"Aucun site n'a l'identifiant « {value} »{_suggest(ids)}.")
        return Filtre(key, value, pk)
    if key == "conseiller":
        pk = Conseiller.objects.filter(structure=structure, ext_id=value).values_list("pk", flat=True).first()
        if pk is None:
            ids = list(Conseiller.objects.filter(structure=structure).values_list("ext_id", flat=True))
            raise FiltreInvalide(f"Aucun conseiller n'a l'identifiant « {value} »{_suggest(ids)}.")
        return Filtre(key, value, pk)
    if key in ("secteur", "epci"):
        labels = set(Commune.objects.filter(structure=structure).values_list(key, flat=True).distinct())
        if value not in labels:
            what = "secteur" if key == "secteur" else "EPCI"
            raise FiltreInvalide(f"Aucune commune du territoire n'a le {what} « {value} »{_suggest(list(labels))}.")
        return Filtre(key, value)
    # dispositif
    codes = set(CATALOGUE) | set(Dispositif.objects.filter(structure=structure).values_list("ext_id", flat=True))
    codes |= set(Inscription.objects.filter(structure=structure).values_list("dispositif", flat=True).distinct())
    if value not in codes:
        raise FiltreInvalide(f"Aucun dispositif n'a le code « {value} »{_suggest(list(codes))}.")
    return Filtre(key, value)


def enrolment_open_in(entree: dt.date, sortie: dt.date | None, debut: dt.date, fin: dt.date) -> bool:
    """The programme filter's rule: `date_entree <= fin`, and no exit or an exit after both
    `debut` and `date_entree`."""
    return entree <= fin and (sortie is None or (sortie > debut and sortie > entree))


def enrolments_open_in(entree: np.ndarray, sortie: np.ndarray, debut: np.datetime64, fin: np.datetime64) -> np.ndarray:
    """`enrolment_open_in` on arrays of datetime64[D] (an absent exit is NaT)."""
    return (entree <= fin) & (np.isnat(sortie) | ((sortie > debut) & (sortie > entree)))
