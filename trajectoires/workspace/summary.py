"""The file at a glance (issue 12): the summary block on top of a young person's file, for the
roles that read the timeline. A handful of queries, none per row (the file is in the load mix)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, Sum
from django.utils import timezone

from trajectoires.accounts.perms import can_see_sensitive, is_sensitive_dispositif
from trajectoires.agenda import alertes, cej
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.models import RendezVous
from trajectoires.aides.enums import TypeAide
from trajectoires.aides.models import PlafondAide
from trajectoires.aides.services import euros, public_for
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.dispositifs.models import Dispositif
from trajectoires.dispositifs.rules import add_months


if TYPE_CHECKING:
    from trajectoires.accounts.models import User
    from trajectoires.jeunes.models import Jeune


@dataclass(frozen=True)
class Programme:
    nom: str
    entree: dt.date
    fin_prevue: dt.date | None
    sensitive: bool
    cej: bool


@dataclass(frozen=True)
class Allocation:
    label: str
    annee: Decimal  # granted this calendar year
    mois: Decimal  # this calendar month
    douze_mois: Decimal  # the 12 rolling months up to today
    plafond_mensuel: Decimal | None
    plafond_12_mois: Decimal | None

    @property
    def lines(self) -> list[str]:
        out = [f"{euros(self.annee)} accordés cette année"]
        if self.plafond_mensuel is not None:
            out.append(f"ce mois-ci : {euros(self.mois)} sur {euros(self.plafond_mensuel)}")
        if self.plafond_12_mois is not None:
            out.append(f"sur 12 mois glissants : {euros(self.douze_mois)} sur {euros(self.plafond_12_mois)}")
        return out

    @property
    def at_cap(self) -> bool:
        return (self.plafond_mensuel is not None and self.mois >= self.plafond_mensuel) or (
            self.plafond_12_mois is not None and self.douze_mois >= self.plafond_12_mois
        )


@dataclass
class Summary:
    programmes: list[Programme] = field(default_factory=list)
    hidden_programmes: int = 0
    semaines_cej: list[cej.WeekTotal] = field(default_factory=list)  # this week, last week
    cej_min: Decimal = Decimal(0)
    situations: list[str] = field(default_factory=list)
    dernier_contact: tuple[dt.date, str] | None = None
    prochain_rdv: RendezVous | None = None
    alertes: list[str] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    annee: int = 0


def summary(user: User, jeune: Jeune, today: dt.date | None = None) -> Summary:
    """The caller has checked the TIMELINE capability. Sensitive programmes (and the alerts that
    name them) are left out, and counted, for users who may not see them."""
    today = today or timezone.localdate()
    sensitive_ok = can_see_sensitive(user, jeune)
    out = Summary(annee=today.year)

    # Programmes open today, with their planned end; the CEJ's weekly hours.
    rows = list(
        jeune.inscriptions.filter(date_entree__lte=today)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gt=today))
        .order_by("date_entree", "pk")
        .values_list("dispositif", "date_entree", "date_fin_prevue")
    )
    local = {}
    if any(code not in CATALOGUE for code, _, _ in rows):
        local = dict(Dispositif.objects.filter(structure_id=jeune.structure_id).values_list("ext_id", "nom"))
    for code, entree, prevue in rows:
        sensitive = is_sensitive_dispositif(code)
        if sensitive and not sensitive_ok:
            out.hidden_programmes += 1
            continue
        nom = Dispositif.label(code) if code in CATALOGUE else local.get(code, code)
        out.programmes.append(Programme(nom, entree, prevue, sensitive, code == cej.CEJ))
    if any(p.cej for p in out.programmes):
        out.semaines_cej = cej.weekly_totals(jeune, weeks=2, today=today)
        out.cej_min = cej.commitment()[0]

    # Situations going on today.
    for s in jeune.situations.filter(date_debut__lte=today).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=today)
    ).order_by("-date_debut", "-pk"):
        label = f"{s.get_type_display()} ({s.get_categorie_display().lower()}) depuis le {s.date_debut:%d/%m/%Y}"
        out.situations.append(label + (f", jusqu'au {s.date_fin:%d/%m/%Y}" if s.date_fin else ""))

    # The last contact that took place, the next appointment.
    last = (
        jeune.evenements.filter(date__lte=today).exclude(honore=False).order_by("-date", "-pk")
        .values_list("date", "nature").first()
    )
    if last is not None:
        from trajectoires.accompagnement.enums import Nature

        out.dernier_contact = (last[0], Nature(last[1]).label if last[1] in Nature.values else last[1])
    out.prochain_rdv = (
        RendezVous.objects.filter(jeune=jeune, debut__gte=timezone.now())
        .exclude(presence__in=(Presence.ANNULE, Presence.EXCUSE))
        .select_related("conseiller").order_by("debut").first()
    )

    # The portfolio's alerts, for this file (agenda/alertes.py), one reading of its enrolments.
    ids = [jeune.pk]
    inscriptions = alertes.inscriptions_en_cours(ids, today)
    if not sensitive_ok:
        inscriptions = [row for row in inscriptions if not is_sensitive_dispositif(row[1])]
    found = []
    for code, check in alertes.ALERTES:
        found += [(alertes.RANG.get(code, len(alertes.RANG) + 1), message)
                  for message in check(ids, today, inscriptions=inscriptions).values()]
    out.alertes = [message for _, message in sorted(found)]  # the most urgent first, as the portfolio

    out.allocations = allocations(jeune, today)
    return out


def allocations(jeune: Jeune, today: dt.date) -> list[Allocation]:
    """The allowances granted this calendar year, each against the caps in force today (per
    month, per 12 rolling months: aides.PlafondAide, the legal amounts)."""
    types = {TypeAide.ALLOCATION_PACEA, TypeAide.ALLOCATION_CEJ, TypeAide.ALLOCATION_GJ}
    year_start = today.replace(month=1, day=1)
    start_12 = add_months(today, -12) + dt.timedelta(days=1)
    month_start = today.replace(day=1)
    sums = (
        jeune.aides.filter(type__in=types, date__lte=today, date__gte=min(year_start, start_12))
        .order_by().values("type")
        .annotate(
            annee=Sum("montant", filter=Q(date__gte=year_start)),
            mois=Sum("montant", filter=Q(date__gte=month_start)),
            douze=Sum("montant", filter=Q(date__gte=start_12)),
        )
    )
    granted = [row for row in sums if row["annee"]]
    if not granted:
        return []
    caps: dict[tuple[str, str], PlafondAide] = {}
    for row in PlafondAide.objects.filter(type__in=[r["type"] for r in granted], date_debut__lte=today).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=today)
    ).order_by("date_debut"):
        caps[(row.type, row.public)] = row  # the latest start wins
    out = []
    for row in sorted(granted, key=lambda r: r["type"]):
        cap = caps.get((row["type"], public_for(jeune, row["type"], today, None)))
        out.append(Allocation(
            TypeAide(row["type"]).label, row["annee"] or Decimal(0), row["mois"] or Decimal(0),
            row["douze"] or Decimal(0), cap.plafond_mensuel if cap else None, cap.plafond_12_mois if cap else None,
        ))
    return out
