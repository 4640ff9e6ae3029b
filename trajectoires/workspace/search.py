"""Finding a young person: by name (accent- and typo-tolerant), birth date or identifier.

Names are normalised (accents removed, lower case, punctuation as spaces); each word is a row
of `JeuneMot`, indexed on (structure, word). Each word typed must start a word of the name, in
any order: "jose mart" finds "MARTIN-GARCÍA José"; every typed word is one index range scan.
When that finds fewer than 10 young people, a tolerant pass accepts one typo in words of 4 to 6
letters and two from 7 letters (a letter missing, added, changed or two swapped; doubled
letters count as one). It compares the typed word with the vocabulary (distinct words) that
starts like it: same first two letters, those two swapped, or the first and third letters
("bneali" finds "Benali", "bnali" does not). A typo on the first letter, or a second letter
changed or missing, is not tolerated. Results are always limited to `jeunes_visible_to(user)`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, QuerySet

from trajectoires.accounts.perms import Scope, jeunes_visible_to, rule_for
from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.models import JeuneMot, JeuneRecherche, MotVocabulaire, ReindexPending


if TYPE_CHECKING:
    from trajectoires.accounts.models import User

LIMIT = 50
FUZZY_WHEN_FEWER = 10  # the tolerant pass runs when exact prefixes find fewer young people
CHUNK = 900  # ids per IN list (below SQLite's 999 bound parameters)
MAX_SORTED = 20000  # rows read per step, at most (broader queries are refined by the user anyway)
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


Row = tuple[int, int, str, str, dt.date | None]


def _write(rows: list[Row]) -> None:
    """Write the search key and words of (pk, structure_id, nom, prenom, date_naissance) rows."""
    pks = [row[0] for row in rows]
    JeuneRecherche.objects.bulk_create(
        [
            JeuneRecherche(
                jeune_id=pk, structure_id=sid, mots=index_text(nom, prenom), source=_source(nom, prenom),
                date_naissance=born,
            )
            for pk, sid, nom, prenom, born in rows
        ],
        update_conflicts=True,
        unique_fields=["jeune"],
        update_fields=["structure", "mots", "source", "date_naissance"],
    )
    JeuneMot.objects.filter(jeune_id__in=pks).delete()
    JeuneMot.objects.bulk_create(
        [
            JeuneMot(jeune_id=pk, structure_id=sid, mot=word[:100], date_naissance=born)
            for pk, sid, nom, prenom, born in rows
            for word in sorted(set(words(nom) + words(prenom)))
        ],
        batch_size=5000,
    )
    MotVocabulaire.objects.bulk_create(
        [MotVocabulaire(structure_id=sid, mot=word[:100]) for sid, word in {
            (sid, word) for _, sid, nom, prenom, _ in rows for word in words(nom) + words(prenom)
        }],
        ignore_conflicts=True,
        batch_size=5000,
    )


def index_on_save(sender: type, instance: Jeune, **kwargs: object) -> None:
    with transaction.atomic():
        _write([(instance.pk, instance.structure_id, instance.nom, instance.prenom, instance.date_naissance)])


def reindex(jeunes: QuerySet[Jeune] | None = None, *, batch: int = 1000) -> int:
    """(Re)write the search keys of `jeunes` (default: every young person). Returns the count."""
    jeunes = Jeune.objects.all() if jeunes is None else jeunes
    rows = jeunes.order_by("pk").values_list("pk", "structure_id", "nom", "prenom", "date_naissance")
    done = 0
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:batch])
        if not chunk:
            return done
        with transaction.atomic():
            _write(chunk)
        done += len(chunk)
        last = chunk[-1][0]


def note_reindex_after_import(sender: object, structure: object, result: object, **kwargs: object) -> None:
    """Inside the import's transaction: if it changed young people's rows, note that the
    structure's search keys are to be rewritten (names and birth dates may have changed). The
    note commits with the import; `resume_reindex` does the work and removes it, after the
    commit or, if the process was cut, at the next search or by `trajectoires index_recherche`.
    New young people alone are indexed lazily by `ensure_indexed`."""
    stats = result.files.get("jeunes.csv")  # type: ignore[attr-defined]
    if stats is not None and stats.updated:
        ReindexPending.objects.update_or_create(structure=structure)


def index_after_import(sender: object, structure: object, result: object, **kwargs: object) -> None:
    """After the import's commit: the search keys noted by `note_reindex_after_import`."""
    resume_reindex(structure.pk)  # type: ignore[attr-defined]


def resume_reindex(structure_id: int | None = None) -> int:
    """Rewrites the search keys of the structures noted after an import (all, or one), then
    removes their note. Idempotent: run twice, or after a cut, it gives the same keys."""
    pending = ReindexPending.objects.all()
    if structure_id is not None:
        pending = pending.filter(structure_id=structure_id)
    done = 0
    for note in list(pending):
        done += reindex(Jeune.objects.filter(structure_id=note.structure_id))
        ReindexPending.objects.filter(pk=note.pk, noted_at=note.noted_at).delete()
    return done


def ensure_indexed(structure_id: int) -> int:
    """Index the young people of the structure that have no search key yet (written by the
    importer, which bypasses the ORM). New rows get higher ids, so comparing the highest id on
    both sides (two index lookups) tells whether the anti-join is needed. Names changed by a
    re-import are handled by `index_after_import`."""
    if ReindexPending.objects.filter(structure_id=structure_id).exists():  # an import's reindex was cut
        resume_reindex(structure_id)
    newest = Jeune.objects.filter(structure_id=structure_id).aggregate(m=Max("pk"))["m"]
    indexed = JeuneRecherche.objects.filter(structure_id=structure_id).aggregate(m=Max("jeune_id"))["m"]
    if newest is None or newest == indexed:
        return 0
    missing = Jeune.objects.filter(structure_id=structure_id, recherche__isnull=True)
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


def same_word(a: str, b: str) -> bool:
    """Two whole normalised words equal up to the search's tolerance: doubled letters count as
    one, one typo from 4 letters, two from 7 (measured on the shorter word). Whole words, not prefixes
    as in the search: "mart" and "martin" differ (the duplicates list, workspace/doublons.py)."""
    if a == b:
        return True
    k = min(_tolerance(a), _tolerance(b))
    if k == 0 or (a[0] != b[0] and a[:2] != b[1::-1]):  # no typo on the first letter (as in the search)
        return False
    a, b = _DOUBLES.sub(r"\1", a), _DOUBLES.sub(r"\1", b)
    return a == b or _within(a, b, k) is not None


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


_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _after_prefix(prefix: str) -> str | None:
    """The smallest word of [0-9a-z] greater than every word starting with `prefix` (None: no bound)."""
    while prefix:
        i = _ALPHABET.index(prefix[-1])
        if i + 1 < len(_ALPHABET):
            return prefix[:-1] + _ALPHABET[i + 1]
        prefix = prefix[:-1]
    return None


def _starting(words_qs: QuerySet[JeuneMot], prefix: str) -> QuerySet[JeuneMot]:
    """Words starting with `prefix`: an index range (fast on both databases), and `startswith`
    to stay exact whatever the database collation."""
    words_qs = words_qs.filter(mot__gte=prefix, mot__startswith=prefix)
    upper = _after_prefix(prefix)
    return words_qs.filter(mot__lt=upper) if upper else words_qs


def _ids(words_qs: QuerySet[JeuneMot], within: set[int] | None) -> set[int]:
    """The young people of these word rows; inside `within` when given (then looked up by id
    when it is small, which keeps every query an index range or a key lookup)."""
    if within is not None and len(within) <= CHUNK:
        words_qs = words_qs.filter(jeune_id__in=sorted(within))
    ids = set(words_qs.values_list("jeune_id", flat=True)[:MAX_SORTED])
    return ids if within is None else ids & within


def _exact(tokens: list[str], index: QuerySet[JeuneMot], within: set[int] | None) -> set[int]:
    """Young people with, for each typed word, a word of their name starting with it. The
    longest (most selective) words first; intersections in Python, so that no database
    planner misjudges nested conditions."""
    for token in sorted(set(tokens), key=len, reverse=True):
        within = _ids(_starting(index, token), within)
        if not within:
            return set()
    return within or set()


def _tolerant(
    user: User, tokens: list[str], index: QuerySet[JeuneMot], within: set[int] | None, exclude: set[int]
) -> list[tuple[int, int]]:
    """(distance, jeune pk) of names within the typo tolerance, best first. Distances are
    computed on the vocabulary (distinct words of the Mission Locale), not on every person."""
    vocabulary = MotVocabulaire.objects.filter(structure_id=user.structure_id)
    scores: dict[int, int] | None = None
    for token in sorted(set(tokens), key=len, reverse=True):
        best: dict[int, int] = {}
        if not _tolerance(token):
            ids = _ids(_starting(index, token), within if scores is None else set(scores))
            best = dict.fromkeys(ids, 0)
        else:
            near: dict[str, int] = {}
            for start in {token[:2], token[1::-1], token[0] + token[2:3]}:
                for word in _starting(vocabulary, start).values_list("mot", flat=True):
                    if (d := token_distance(token, word)) is not None:
                        near[word] = d
            if not near:
                return []
            rows = index.filter(mot__in=sorted(near))
            restrict = within if scores is None else set(scores)
            if restrict is not None and len(restrict) <= CHUNK:
                rows = rows.filter(jeune_id__in=sorted(restrict))
            for pk, word in rows.values_list("jeune_id", "mot")[:MAX_SORTED]:
                if restrict is None or pk in restrict:
                    best[pk] = min(best.get(pk, 99), near[word])
        scores = best if scores is None else {pk: d + best[pk] for pk, d in scores.items() if pk in best}
        if not scores:
            return []
    return sorted((d, pk) for pk, d in (scores or {}).items() if pk not in exclude)


def _ordered(scoped: QuerySet[Jeune], recherche: QuerySet[JeuneRecherche], ids: set[int], limit: int) -> list[Jeune]:
    """The young people `ids` that are in `scoped`, alphabetical, at most `limit`. Sorted here
    on the normalised names of the search table (" nom… prénom… "), read by primary key, so that
    the database never walks the name index of the whole structure; the final fetch by primary
    key goes through `scoped` again."""
    ordered = sorted(ids)[:MAX_SORTED]
    rows: list[tuple[str, int]] = []
    for i in range(0, len(ordered), CHUNK):
        rows.extend(recherche.filter(jeune_id__in=ordered[i : i + CHUNK]).values_list("mots", "jeune_id"))
    rows.sort()
    top = [pk for _, pk in rows[:limit]]
    by_pk = scoped.select_related("conseiller").order_by().in_bulk(top)
    return [by_pk[pk] for pk in top if pk in by_pk]


def search_jeunes(user: User, query: str, *, limit: int = LIMIT) -> SearchResult:
    result = SearchResult(query=query)
    text = query.strip()
    if not text or user.structure_id is None:
        return result
    scoped = jeunes_visible_to(user)
    ensure_indexed(user.structure_id)

    dates, result.errors, rest = parse_dates(text)
    if result.errors:
        return result
    tokens = words(rest)
    found: list[Jeune] = []
    seen: set[int] = set()

    def add(rows: list[Jeune]) -> None:
        for jeune in rows:
            if jeune.pk not in seen and len(found) <= limit:
                seen.add(jeune.pk)
                found.append(jeune)

    add(list(scoped.select_related("conseiller").filter(ext_id=text)[:1]))  # an identifier
    recherche = JeuneRecherche.objects.filter(structure_id=user.structure_id)
    index = JeuneMot.objects.filter(structure_id=user.structure_id)
    within: set[int] | None = None
    if rule_for(user).scope is not Scope.STRUCTURE:  # a small scope: work inside it from the start
        within = set(scoped.values_list("pk", flat=True)[:MAX_SORTED])
    if dates:
        born = set(recherche.filter(date_naissance__in=dates).values_list("jeune_id", flat=True)[:MAX_SORTED])
        within = born if within is None else born & within
    if not tokens:
        if dates and within:
            add(_ordered(scoped, recherche, within, limit + 1))
    elif within is None or within:
        add(_ordered(scoped, recherche, _exact(tokens, index, within), limit + 1))
        if len(found) < FUZZY_WHEN_FEWER and any(_tolerance(t) for t in tokens):
            ranked = _tolerant(user, tokens, index, within, seen)[: limit + 1 - len(found)]
            by_pk = scoped.select_related("conseiller").order_by().in_bulk([pk for _, pk in ranked])
            fuzzy = [by_pk[pk] for _, pk in ranked if pk in by_pk]
            result.approchants = {j.pk for j in fuzzy}
            add(fuzzy)
    result.truncated = len(found) > limit
    result.jeunes = found[:limit]
    return result
