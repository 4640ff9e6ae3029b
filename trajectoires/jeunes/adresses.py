"""A young person's postal address as written on an envelope (the file's "Coordonnées" card,
the convocation letters): street, complement, then "25000 BESANÇON"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from trajectoires.structures.models import Commune, CommuneFrance


if TYPE_CHECKING:
    from trajectoires.jeunes.models import Jeune


def town_names(jeunes: Iterable[Jeune]) -> dict[str, str]:
    """Commune code -> name for these young people, in one or two queries: the national list,
    then the territory for a code it lacks."""
    jeunes = list(jeunes)
    codes = {j.commune for j in jeunes if j.commune}
    names = dict(CommuneFrance.objects.filter(code__in=codes).values_list("code", "nom")) if codes else {}
    missing = codes - set(names)
    if missing:
        structures = {j.structure_id for j in jeunes}
        territory = Commune.objects.filter(structure_id__in=structures, ext_id__in=missing)
        names.update(territory.values_list("ext_id", "nom"))
    return names


def address_lines(jeune: Jeune, names: dict[str, str] | None = None, *, upper: bool = False) -> tuple[str, ...]:
    """The address lines; the last one is the postcode and the commune (upper case on a letter,
    as La Poste asks). An unknown commune code is left out rather than shown bare."""
    names = town_names([jeune]) if names is None else names
    town = names.get(jeune.commune or "", "")
    if upper:
        town = town.upper()
    last = " ".join(part for part in (jeune.code_postal, town) if part)
    return tuple(line for line in (jeune.adresse, jeune.complement_adresse, last) if line)
