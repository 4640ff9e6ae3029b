"""Likely duplicate files of young people, for the direction's list (docs/doublons.md).

Two files of a Mission Locale are listed as likely the same young person when they have:

- **the same birth date and close names**: they share the birth date and at least one word of
  their names exactly, and every word of the shorter name matches a distinct word of the other
  within the search's typo tolerance (`search.same_word`, the rules of `search.py`): "DUPONT Jean"
  and "DUPOND Jean", "MARTIN Léa" and "MARTIN Léa Marie", last and first names swapped. Names
  with a typo in every word are not found (no word shared);
- **the same phone number or e-mail address**, when the file has these fields (`telephone`,
  `email` on `Jeune`, read from the model at run time): phone numbers compared without spaces,
  dots, dashes, slashes or brackets and with +33 read as 0, e-mail addresses without case or
  surrounding spaces. A number or an address shared by more than `MAX_SHARED` files (a shelter's,
  a school's) is not a sign of a duplicate and is left out.

Anonymised files are left out (their identity is gone).

Cost at 200,000 young people: the grouping is done by the database — one GROUP BY over the
structure's name words (`JeuneMot`, about 2 per file, which carry a copy of the birth date),
read in order along the index (structure, date_naissance, mot): no join, no sort — keeping
the (birth date, word) groups of two files or more; then the names of those files only are
compared in Python (bench/doublons_bench.py; figures in docs/doublons.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Aggregate, Count, F, TextField, Value, Window
from django.db.models.functions import Lower, Replace, Trim

from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.models import JeuneMot, JeuneRecherche
from trajectoires.workspace.search import CHUNK, ensure_indexed, same_word


SAME_NAME = "même nom, même prénom et même date de naissance"
CLOSE_NAME = "nom ou prénom d'orthographe proche, même date de naissance"
# The contact fields compared when `Jeune` has them (the file page adds them: branch i12-file).
CONTACT_FIELDS = {"telephone": "même numéro de téléphone", "email": "même adresse e-mail"}
MAX_SHARED = 5  # files sharing one phone number or address, beyond which it says nothing
MIN_WORDS = 2  # a name of one word ("Anonyme", a first name left empty) is not compared
MAX_BLOCK = 200  # files sharing one birth date and one name word, compared pairwise at most


@dataclass(frozen=True)
class Paire:
    """Two files that may be the same young person (`a` < `b`, primary keys) and why."""

    a: int
    b: int
    raisons: tuple[str, ...]


def close_names(a: list[str], b: list[str], same: Callable[[str, str], bool] = same_word) -> bool:
    """Every word of the shorter name matches a distinct word of the other (`same_word`)."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) < MIN_WORDS:
        return False
    free = list(b)
    for word in a:
        if word in free:
            free.remove(word)
            continue
        for i, other in enumerate(free):
            if same(word, other):
                del free[i]
                break
        else:
            return False
    return True


class Ids(Aggregate):
    """The young people of a group as one text, "12,57,903" (GROUP_CONCAT / STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        template = "%(function)s((%(expressions)s)::text, ',')"
        return self.as_sql(compiler, connection, function="STRING_AGG", template=template)


def _names(structure_id: int, ids: set[int]) -> dict[int, list[str]]:
    """The normalised name words of these files (the search keys): the whole structure in one
    read when they are many (cheaper than thousands of lookups), by chunks otherwise."""
    rows = JeuneRecherche.objects.filter(structure_id=structure_id)
    if len(ids) > 20 * CHUNK:  # a plain fetch: a server-side cursor costs more than it saves here
        return {pk: mots.split() for pk, mots in rows.values_list("jeune_id", "mots") if pk in ids}
    ordered = sorted(ids)
    names: dict[int, list[str]] = {}
    for start in range(0, len(ordered), CHUNK):
        chunk = rows.filter(jeune_id__in=ordered[start : start + CHUNK]).values_list("jeune_id", "mots")
        names.update((pk, mots.split()) for pk, mots in chunk)
    return names


def name_pairs(structure_id: int) -> dict[tuple[int, int], str]:
    """Files with the same birth date and close names: (a, b) -> the reason. The database
    groups the name words by (birth date, word) along the index that holds them in that order
    and returns the groups of two files or more; Python compares their names."""
    groups = (
        JeuneMot.objects.filter(structure_id=structure_id, date_naissance__isnull=False)
        .order_by()
        .values("date_naissance", "mot")
        .annotate(n=Count("pk"), ids=Ids("jeune_id"))
        .filter(n__gt=1, n__lte=MAX_BLOCK)
        .values_list("ids", flat=True)
    )
    candidates: set[tuple[int, int]] = set()
    for text in list(groups):
        members = sorted({int(pk) for pk in text.split(",")})
        candidates.update(combinations(members, 2))
    names = _names(structure_id, {pk for pair in candidates for pk in pair})
    memo: dict[tuple[str, str], bool] = {}  # the same two words meet in many pairs (common names)

    def same(x: str, y: str) -> bool:
        key = (x, y)
        if key not in memo:
            memo[key] = same_word(x, y)
        return memo[key]

    found = {}
    for a, b in candidates:
        wa, wb = names.get(a), names.get(b)
        if wa is None or wb is None or not close_names(wa, wb, same):
            continue
        found[(a, b)] = SAME_NAME if sorted(wa) == sorted(wb) else CLOSE_NAME
    return found


def contact_fields() -> dict[str, str]:
    """The contact fields `Jeune` has today (field name -> reason)."""
    names = {f.name for f in Jeune._meta.concrete_fields}
    return {name: raison for name, raison in CONTACT_FIELDS.items() if name in names}


def _contact_key(name: str):  # type: ignore[no-untyped-def]
    if name == "telephone":
        key = F(name)
        for sign in (" ", ".", "-", "/", "(", ")", "\u00a0"):
            key = Replace(key, Value(sign), Value(""))
        return Replace(key, Value("+33"), Value("0"))
    return Lower(Trim(F(name)))


def contact_pairs(structure_id: int) -> dict[tuple[int, int], list[str]]:
    """Files sharing a phone number or an e-mail address: (a, b) -> the reasons."""
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for name, raison in contact_fields().items():
        key = _contact_key(name)
        rows = (
            Jeune.objects.filter(structure_id=structure_id)
            .exclude(**{f"{name}__isnull": True})
            .exclude(**{name: ""})
            .annotate(k=key, n=Window(Count("pk"), partition_by=[key]))
            .filter(n__gt=1, n__lte=MAX_SHARED)
            .values_list("pk", "k")
        )
        groups: dict[str, list[int]] = defaultdict(list)
        for pk, value in rows:
            if value:
                groups[value].append(pk)
        for members in groups.values():
            for pair in combinations(sorted(members), 2):
                found[pair].append(raison)
    return found


def likely_pairs(structure_id: int) -> list[Paire]:
    """Every likely duplicate pair of the Mission Locale, the newest file first."""
    from trajectoires.rgpd.models import Anonymisation

    ensure_indexed(structure_id)  # files the importer wrote get their name words first
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for pair, raison in name_pairs(structure_id).items():
        found[pair].append(raison)
    for pair, raisons in contact_pairs(structure_id).items():
        found[pair].extend(raisons)
    gone = set(Anonymisation.objects.filter(structure_id=structure_id).values_list("jeune_id", flat=True))
    pairs = [Paire(a, b, tuple(r)) for (a, b), r in found.items() if a not in gone and b not in gone]
    pairs.sort(key=lambda p: (-p.b, -p.a))
    return pairs
