"""Finding a young person: by name (accent- and typo-tolerant), birth date or identifier.

Names are normalised (accents removed, lower case, punctuation as spaces) and stored in
`JeuneRecherche` as " word word … ". Each word typed must start a word of the name, in any
order: "jose mart" finds "MARTIN-GARCÍA José". When that finds fewer results than the limit,
a tolerant pass accepts one typo in words of 4 to 6 letters and two from 7 letters (a letter
missing, added, changed or two swapped; doubled letters count as one). To stay fast it only
considers names with, for each word typed, a word starting like it: same first two letters,
those two swapped, or the first and third letters ("bneali" finds "Benali", "bnali" does not).
A typo on the first letter, or a second letter changed or missing, is not tolerated. Results are always limited to `jeunes_visible_to(user)`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from trajectoires.accounts.perms import Scope, jeunes_visible_to, rule_for
from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.models import JeuneRecherche


if TYPE_CHECKING:
    from trajectoires.accounts.models import User

LIMIT = 50
FUZZY_CANDIDATES = 5000
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")


def normalise(text: str) -> str:
    """ASCII lower case, words separated by one space: "Zoé  O'Brien-Müller" -> "zoe o brien muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("Æ", "ae")
    ascii_text = ascii_text.replace("Œ", "oe").casefold()
    return _NON_WORD.sub(" ", ascii_text).strip()


def words(text: str) -> list[str]:
    return normalise(text).split()


def index_text(nom: str, prenom: str) -> str:
    return " " + " ".join(words(nom) + words(prenom)) + " "


def _source(nom: str, prenom: str) -> str:
    return f"{nom}\x1f{prenom}"


# --- Keeping the index ----------------------------------------------------------------------


def index_on_save(sender: type, instance: Jeune, **kwargs: object) -> None:
    JeuneRecherche.objects.update_or_create(
        jeune_id=instance.pk,
        defaults={
            "structure_id": instance.structure_id,
            "mots": index_text(instance.nom, instance.prenom),
            "source": _source(instance.nom, instance.prenom),
        },
    )


def reindex(jeunes: QuerySet[Jeune] | None = None, *, batch: int = 5000) -> int:
    """(Re)write the search key of `jeunes` (default: every young person). Returns the count."""
    jeunes = Jeune.objects.all() if jeunes is None else jeunes
    rows = jeunes.order_by("pk").values_list("pk", "structure_id", "nom", "prenom")
    done = 0
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:batch])
        if not chunk:
            return done
        JeuneRecherche.objects.bulk_create(
            [
                JeuneRecherche(jeune_id=pk, structure_id=sid, mots=index_text(nom, prenom), source=_source(nom, prenom))
                for pk, sid, nom, prenom in chunk
            ],
            update_conflicts=True,
            unique_fields=["jeune"],
            update_fields=["structure", "mots", "source"],
        )
        done += len(chunk)
        last = chunk[-1][0]


def ensure_indexed(structure_id: int) -> int:
    """Index the young people of the structure that have no search key yet (written by the
    importer, which bypasses the ORM). Names changed by a re-import need `index_recherche`."""
    missing = Jeune.objects.filter(structure_id=structure_id, recherche__isnull=True)
    if not missing.exists():
        return 0
    return reindex(missing)


# --- Searching ------------------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    jeunes: list[Jeune] = field(default_factory=list)
    approchants: set[int] = field(default_factory=set)  # pks found by the tolerant pass
    truncated: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        return bool(self.query.strip()) and not self.errors


def parse_dates(text: str) -> tuple[list[dt.date], list[str], str]:
    """Dates written JJ/MM/AAAA (or with - or .), the errors for impossible ones, and the rest."""
    dates: list[dt.date] = []
    errors: list[str] = []
    for match in _DATE.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            errors.append(
                f"« {match.group(0)} » n'est pas une date valide : saisissez la date de naissance au format "
                "JJ/MM/AAAA, par exemple 05/03/2006."
            )
    return dates, errors, _DATE.sub(" ", text)


def _within(a: str, b: str, k: int) -> int | None:
    """Optimal string alignment distance of a and b if it is at most k, else None."""
    if abs(len(a) - len(b)) > k:
        return None
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > k:
            return None
        prev2, prev = prev, cur
    return prev[-1] if prev[-1] <= k else None


def _tolerance(token: str) -> int:
    n = len(token)
    return 0 if n < 4 else 1 if n < 7 else 2


def token_distance(token: str, word: str) -> int | None:
    """How far `token` is from `word` or from a prefix of it (None: too far)."""
    if word.startswith(token):
        return 0
    k = _tolerance(token)
    if k == 0:
        return None
    t, w = _DOUBLES.sub(r"\1", token), _DOUBLES.sub(r"\1", word)
    if w.startswith(t):
        return 0 if len(t) == len(token) else 1
    best: int | None = None
    for end in range(max(1, len(t) - k), min(len(w), len(t) + k) + 1):
        d = _within(t, w[:end], k)
        if d is not None and (best is None or d < best):
            best = d
    return best


def name_distance(tokens: list[str], key: str) -> int | None:
    """Sum of each typed word's distance to its best word of the name (None: one is too far)."""
    name_words = key.split()
    total = 0
    for token in tokens:
        best = min((d for w in name_words if (d := token_distance(token, w)) is not None), default=None)
        if best is None:
            return None
        total += best
    return total


def _index_for(user: User, scoped: QuerySet[Jeune]) -> QuerySet[JeuneRecherche]:
    index = JeuneRecherche.objects.filter(structure_id=user.structure_id)
    if rule_for(user).scope is not Scope.STRUCTURE:
        index = index.filter(jeune_id__in=scoped.values("pk"))
    return index


def search_jeunes(user: User, query: str, *, limit: int = LIMIT) -> SearchResult:
    result = SearchResult(query=query)
    text = query.strip()
    if not text:
        return result
    scoped = jeunes_visible_to(user)
    if user.structure_id is None:
        return result
    ensure_indexed(user.structure_id)

    dates, result.errors, rest = parse_dates(text)
    if result.errors:
        return result
    tokens = words(rest)
    base = scoped.filter(date_naissance__in=dates) if dates else scoped
    found: list[Jeune] = []
    seen: set[int] = set()

    def add(rows: QuerySet[Jeune] | list[Jeune]) -> None:
        for jeune in rows:
            if jeune.pk not in seen and len(found) <= limit:
                seen.add(jeune.pk)
                found.append(jeune)

    listing = base.select_related("conseiller").order_by("nom", "prenom", "pk")
    add(list(scoped.select_related("conseiller").filter(ext_id=text)[:1]))  # an identifier
    if not tokens:
        if dates:
            add(listing[: limit + 1])
    else:
        index = _index_for(user, base)
        exact = index
        for token in tokens:
            exact = exact.filter(mots__contains=f" {token}")
        add(listing.filter(pk__in=exact.values("jeune_id"))[: limit + 1])
        if len(found) < limit and any(_tolerance(t) for t in tokens):
            candidates = index.exclude(jeune_id__in=seen)
            if not dates:
                for token in tokens:
                    starts = {token[:2], token[1::-1], token[0] + token[2:3]}
                    same_start = Q()
                    for start in sorted(starts):
                        same_start |= Q(mots__contains=f" {start}")
                    candidates = candidates.filter(same_start)
            else:
                candidates = candidates.filter(jeune_id__in=base.values("pk"))
            scored = [
                (d, pk)
                for pk, key in candidates.values_list("jeune_id", "mots")[:FUZZY_CANDIDATES]
                if (d := name_distance(tokens, key)) is not None
            ]
            scored.sort()
            ids = [pk for _, pk in scored[: limit + 1 - len(found)]]
            by_pk = {j.pk: j for j in listing.filter(pk__in=ids)}
            fuzzy = [by_pk[pk] for pk in ids if pk in by_pk]
            result.approchants = {j.pk for j in fuzzy}
            add(fuzzy)
    result.truncated = len(found) > limit
    result.jeunes = found[:limit]
    return result
