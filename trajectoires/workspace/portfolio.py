"""A counsellor's portfolio (issue 12): the young people they accompany now, their alerts ranked
by urgency, and the dormant files apart.

- **Active**: the counsellor is the referent, and the young person had a contact that took
  place within the last `TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS` months (default 12), or is in a
  programme open today. **Dormant**: the other files whose referent they are (listed apart, no
  alert: nobody calls back a file closed two years ago).
- Alerts (`agenda.alertes`, ranked by `RANG`): CEJ under its hours, a programme ending within 30
  days, a PACEA at 24 months, an allowance cap reached, no contact for 3 months — computed for
  the active young people only.
- Filters: open programme, alert, last contact; sorted by alert (default), name or last contact.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.alertes import LIBELLES, RANG, SANS_CONTACT_MOIS, portfolio_alerts
from trajectoires.dispositifs.models import Inscription
from trajectoires.jeunes.models import Jeune
from trajectoires.utils.dates import months_before


__all__ = ["SANS_CONTACT_MOIS", "Filtre", "Portefeuille", "PortfolioRow", "months_before", "portfolio"]

TRIS = {"alerte": "Alertes d'abord", "nom": "Nom", "contact": "Dernier contact, le plus ancien d'abord",
        "contact_recent": "Dernier contact, le plus récent d'abord"}
CONTACTS = {"": "Tous", "sans_contact": f"Sans contact depuis {SANS_CONTACT_MOIS} mois",
            "recent": f"Contact depuis moins de {SANS_CONTACT_MOIS} mois", "aucun": "Aucun contact"}


def actif_mois() -> int:
    return int(getattr(settings, "TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS", 12))


@dataclass
class PortfolioRow:
    jeune: Jeune
    dernier_contact: dt.date | None
    sans_contact: bool
    dispositifs: list[str] = field(default_factory=list)
    alertes: list[tuple[str, str]] = field(default_factory=list)  # (code, message), most urgent first

    @property
    def rang(self) -> int:
        return min((RANG[code] for code, _ in self.alertes), default=99)


@dataclass(frozen=True)
class Filtre:
    dispositif: str = ""
    alerte: str = ""
    contact: str = ""
    tri: str = "alerte"

    @classmethod
    def from_query(cls, query) -> Filtre:  # type: ignore[no-untyped-def]
        tri = query.get("tri", "alerte")
        contact = query.get("contact", "")
        alerte = query.get("alerte", "")
        return cls(
            dispositif=query.get("dispositif", "")[:40],
            alerte=alerte if alerte in RANG else "",
            contact=contact if contact in CONTACTS else "",
            tri=tri if tri in TRIS else "alerte",
        )

    def keeps(self, row: PortfolioRow) -> bool:
        if self.dispositif and self.dispositif not in row.dispositifs:
            return False
        if self.alerte and self.alerte not in {code for code, _ in row.alertes}:
            return False
        if self.contact == "sans_contact" and not row.sans_contact:
            return False
        if self.contact == "recent" and row.sans_contact:
            return False
        return not (self.contact == "aucun" and row.dernier_contact is not None)


@dataclass
class Portefeuille:
    actifs: list[PortfolioRow]  # filtered and sorted
    dormants: list[PortfolioRow]
    total_actifs: int  # before the filters
    compte_alertes: list[tuple[str, str, int]]  # (code, label, young people), most urgent first
    dispositifs: list[str]  # the programmes open in the portfolio (filter choices)


def portfolio_jeunes(conseiller: Conseiller):  # type: ignore[no-untyped-def]
    """The counsellor's young people, as a queryset filtered on the counsellor's index only (a
    counsellor row belongs to one Mission Locale; callers keep `structure_id` checks on the
    rows they show). As a subquery (`values_list("pk")`), each alert reads the portfolio by the
    counsellor's index: a filter on the structure as well makes SQLite, which has no ANALYZE
    statistics, choose the structure's index and read all of its young people for every alert."""
    return Jeune.objects.filter(conseiller=conseiller)


def _open_programmes(ids: list[int], today: dt.date) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        Inscription.objects.filter(jeune_id__in=ids, date_entree__lte=today)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=today))
        .order_by("date_entree")
        .values_list("jeune_id", "dispositif")
    )
    for jeune_id, code in rows:
        if code not in out[jeune_id]:
            out[jeune_id].append(code)
    return out


def active_jeunes(conseiller: Conseiller, today: dt.date | None = None):  # type: ignore[no-untyped-def]
    """The active young people of the portfolio, as a queryset (the alerts' input): a contact
    (not a missed appointment) in the last `actif_mois()` months, or a programme open today.
    Two index reads (contacts by young person and date, enrolments by young person) rather than
    one query joining both tables, whose rows multiply (contacts × enrolments of each file)."""
    today = today or timezone.localdate()
    since = months_before(today, actif_mois())
    mine = portfolio_jeunes(conseiller).order_by().values("pk")
    recent = (
        Evenement.objects.filter(jeune_id__in=mine, date__gte=since, date__lte=today)
        .exclude(honore=False)
        .order_by()
        .values_list("jeune_id", flat=True)
        .distinct()
    )
    open_now = (
        Inscription.objects.filter(jeune_id__in=mine, date_entree__lte=today)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=today))
        .order_by()
        .values_list("jeune_id", flat=True)
        .distinct()
    )
    return portfolio_jeunes(conseiller).filter(pk__in=sorted(set(recent) | set(open_now)))


def portfolio(conseiller: Conseiller, today: dt.date | None = None, filtre: Filtre = Filtre()) -> Portefeuille:
    """The portfolio as the page shows it. A missed appointment is not a contact."""
    today = today or timezone.localdate()
    limit = months_before(today, SANS_CONTACT_MOIS)
    since = months_before(today, actif_mois())
    # Filtered on the counsellor alone (see `portfolio_jeunes`); the structure is checked on the rows read.
    jeunes = [
        j for j in portfolio_jeunes(conseiller)
        .annotate(dernier_contact=Max("evenements__date", filter=~Q(evenements__honore=False)))
        .order_by("nom", "prenom", "pk")
        if j.structure_id == conseiller.structure_id
    ]
    programmes = _open_programmes([j.pk for j in jeunes], today)
    actifs, dormants = [], []
    for j in jeunes:
        recent = j.dernier_contact is not None and since <= j.dernier_contact
        row = PortfolioRow(j, j.dernier_contact, j.dernier_contact is None or j.dernier_contact < limit,
                           programmes.get(j.pk, []))
        (actifs if recent or row.dispositifs else dormants).append(row)
    if actifs:
        found = {r.jeune.pk: r.alertes for r in portfolio_alerts(
            Jeune.objects.filter(pk__in=[row.jeune.pk for row in actifs]), today)}
        for row in actifs:
            row.alertes = found.get(row.jeune.pk, [])
    counts = Counter(code for row in actifs for code, _ in row.alertes)
    kept = [row for row in actifs if filtre.keeps(row)]
    if filtre.tri == "nom":
        kept.sort(key=lambda r: (r.jeune.nom.lower(), r.jeune.prenom.lower(), r.jeune.pk))
    elif filtre.tri in ("contact", "contact_recent"):  # never met: the oldest of all
        kept.sort(key=lambda r: r.dernier_contact or dt.date.min, reverse=filtre.tri == "contact_recent")
    else:
        kept.sort(key=lambda r: (r.rang, -len(r.alertes), r.jeune.nom.lower(), r.jeune.prenom.lower()))
    return Portefeuille(
        actifs=kept,
        dormants=dormants,
        total_actifs=len(actifs),
        compte_alertes=[(code, LIBELLES[code], counts[code]) for code in sorted(RANG, key=RANG.get) if counts[code]],
        dispositifs=sorted({code for row in actifs for code in row.dispositifs}),
    )
