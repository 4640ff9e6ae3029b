"""Portfolio alerts: each function on its own, then combined."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q

from tests.factories import AideFactory, EvenementFactory, InscriptionFactory, JeuneFactory
from trajectoires.agenda import alertes, cej
from trajectoires.aides.models import PlafondAide
from trajectoires.dispositifs.rules import add_months
from trajectoires.jeunes.models import Jeune


pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 18)  # a Wednesday; last complete ISO week: 9–15 June 2025


def test_sans_contact_ignores_missed_appointments(structure):
    recent, old, missed, never = (JeuneFactory(structure=structure) for _ in range(4))
    EvenementFactory(jeune=recent, date=dt.date(2025, 3, 18))  # exactly 3 months ago: still fine
    EvenementFactory(jeune=old, date=dt.date(2025, 3, 17))
    EvenementFactory(jeune=missed, date=dt.date(2025, 6, 1), honore=False)
    found = alertes.sans_contact([recent.pk, old.pk, missed.pk, never.pk], TODAY)
    assert set(found) == {old.pk, missed.pk, never.pk}
    assert "17/03/2025" in found[old.pk] and "aucun contact" in found[never.pk]


def test_alerts_accept_a_subquery_of_ids(structure):
    jeune = JeuneFactory(structure=structure)
    ids = Jeune.objects.filter(structure=structure).values_list("pk", flat=True)
    assert set(alertes.sans_contact(ids, TODAY)) == {jeune.pk}


def test_cej_ending_within_30_days(structure):
    ending, later, extended, exited = (JeuneFactory(structure=structure) for _ in range(4))
    InscriptionFactory(jeune=ending, dispositif="cej", date_entree=dt.date(2024, 7, 10))  # ends 09/07/2025
    InscriptionFactory(jeune=later, dispositif="cej", date_entree=dt.date(2024, 8, 1))  # ends 31/07/2025
    InscriptionFactory(jeune=extended, dispositif="cej", date_entree=dt.date(2024, 1, 5))  # 18 months: 04/07/2025
    InscriptionFactory(
        jeune=exited,
        dispositif="cej",
        date_entree=dt.date(2024, 7, 10),
        date_sortie=dt.date(2025, 6, 1),
        motif_sortie="emploi",
    )
    found = alertes.fin_de_programme([ending.pk, later.pk, extended.pk, exited.pk], TODAY)
    assert set(found) == {ending.pk, extended.pk}
    assert "09/07/2025" in found[ending.pk]
    assert "04/07/2025" in found[extended.pk] and "prolongé" in found[extended.pk]


def test_cej_below_the_weekly_commitment_last_complete_week(structure):
    low, enough, entered_midweek, not_cej = (JeuneFactory(structure=structure) for _ in range(4))
    for jeune in (low, enough):
        InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    InscriptionFactory(jeune=entered_midweek, dispositif="cej", date_entree=dt.date(2025, 6, 11))
    minimum, _ = cej.commitment()
    cej.add_activity(low, None, {"date": dt.date(2025, 6, 9), "theme": "emploi", "heures": minimum - Decimal("0.5")})
    cej.add_activity(low, None, {"date": dt.date(2025, 6, 16), "theme": "emploi", "heures": Decimal(10)})  # this week
    cej.add_activity(enough, None, {"date": dt.date(2025, 6, 15), "theme": "formation", "heures": minimum})
    found = alertes.cej_sous_engagement([low.pk, enough.pk, entered_midweek.pk, not_cej.pk], TODAY)
    assert set(found) == {low.pk}
    assert "semaine 24" in found[low.pk]


def test_pacea_reaching_24_months(structure):
    soon, passed, young = (JeuneFactory(structure=structure) for _ in range(3))
    InscriptionFactory(jeune=soon, dispositif="pacea", date_entree=dt.date(2023, 7, 1))  # last day 30/06/2025
    InscriptionFactory(jeune=passed, dispositif="pacea", date_entree=dt.date(2023, 5, 2))  # last day 01/05/2025
    InscriptionFactory(jeune=young, dispositif="pacea", date_entree=dt.date(2024, 9, 1))
    found = alertes.pacea_24_mois([soon.pk, passed.pk, young.pk], TODAY)
    assert set(found) == {soon.pk, passed.pk}
    assert "30/06/2025" in found[soon.pk] and "dépassés" in found[passed.pk]


def _bareme(day: dt.date) -> PlafondAide:
    return (
        PlafondAide.objects.filter(type="allocation_pacea", public="tous", date_debut__lte=day)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=day))
        .order_by("-date_debut")
        .first()
    )


def test_allowance_cap_reached_over_12_rolling_months(structure):
    bareme = _bareme(TODAY)
    assert bareme is not None and bareme.plafond_12_mois is not None, "barème PACEA légal attendu (migration aides)"
    at_cap, below, old = (JeuneFactory(structure=structure) for _ in range(3))
    AideFactory(jeune=at_cap, type="allocation_pacea", date=add_months(TODAY, -12) + dt.timedelta(days=1),
                montant=bareme.plafond_12_mois)
    AideFactory(jeune=below, type="allocation_pacea", date=dt.date(2025, 2, 1), montant=bareme.plafond_12_mois - 1)
    AideFactory(jeune=old, type="allocation_pacea", date=add_months(TODAY, -12), montant=bareme.plafond_12_mois)
    found = alertes.plafond_allocation([at_cap.pk, below.pk, old.pk], TODAY)
    assert set(found) == {at_cap.pk}
    assert "12 mois" in found[at_cap.pk]


def test_portfolio_alerts_combine_and_sort(structure):
    quiet = JeuneFactory(structure=structure, nom="Calme")
    EvenementFactory(jeune=quiet, date=dt.date(2025, 6, 1))
    one = JeuneFactory(structure=structure, nom="Berger")
    two = JeuneFactory(structure=structure, nom="Adam")
    InscriptionFactory(jeune=two, dispositif="pacea", date_entree=dt.date(2023, 7, 1))
    rows = alertes.portfolio_alerts(Jeune.objects.filter(pk__in=[quiet.pk, one.pk, two.pk]), TODAY)
    assert [(r.jeune.pk, r.jeune.nom, r.jeune.prenom) for r in rows] == [(j.pk, j.nom, j.prenom) for j in (two, one)]
    # Most urgent first (RANG): the PACEA at its legal maximum before the missing contact.
    assert [code for code, _ in rows[0].alertes] == ["pacea_24_mois", "sans_contact"]
    assert rows[0].rang == alertes.RANG["pacea_24_mois"] < rows[1].rang == alertes.RANG["sans_contact"]


def test_a_planned_end_within_30_days_is_the_programme_ending_alert(structure):
    planned, far, cej_planned, pacea_at_24 = (JeuneFactory(structure=structure) for _ in range(4))
    entree = dt.date(2025, 1, 6)
    InscriptionFactory(jeune=planned, dispositif="ppae", date_entree=entree, date_fin_prevue=dt.date(2025, 7, 1))
    InscriptionFactory(jeune=far, dispositif="ppae", date_entree=entree, date_fin_prevue=dt.date(2025, 9, 1))
    # A CEJ planned for 8 months ends before its legal 12: the planned end is the one announced.
    InscriptionFactory(jeune=cej_planned, dispositif="cej", date_entree=dt.date(2024, 11, 1),
                       date_fin_prevue=dt.date(2025, 6, 30))
    # A PACEA planned at its 24 months: the PACEA alert says it, not this one.
    InscriptionFactory(jeune=pacea_at_24, dispositif="pacea", date_entree=dt.date(2023, 7, 1),
                       date_fin_prevue=dt.date(2025, 6, 30))
    found = alertes.fin_de_programme([planned.pk, far.pk, cej_planned.pk, pacea_at_24.pk], TODAY)
    assert set(found) == {planned.pk, cej_planned.pk}
    assert "fin prévue le 01/07/2025" in found[planned.pk]
    assert found[cej_planned.pk] == "CEJ : fin prévue le 30/06/2025"
    assert pacea_at_24.pk in alertes.pacea_24_mois([pacea_at_24.pk], TODAY)


def test_allowance_monthly_cap_and_12_month_cap_in_one_reading(structure):
    bareme = _bareme(TODAY)
    assert bareme.plafond_mensuel is not None and bareme.plafond_12_mois is not None
    this_month, last_month, both = (JeuneFactory(structure=structure) for _ in range(3))
    AideFactory(jeune=this_month, type="allocation_pacea", date=TODAY.replace(day=2), montant=bareme.plafond_mensuel)
    AideFactory(jeune=last_month, type="allocation_pacea", date=dt.date(2025, 5, 30), montant=bareme.plafond_mensuel)
    AideFactory(jeune=both, type="allocation_pacea", date=dt.date(2025, 1, 10), montant=bareme.plafond_12_mois)
    AideFactory(jeune=both, type="allocation_pacea", date=TODAY, montant=bareme.plafond_mensuel)
    AideFactory(jeune=last_month, type="transport", date=TODAY, montant=bareme.plafond_mensuel)  # another help
    found = alertes.plafond_allocation([this_month.pk, last_month.pk, both.pk], TODAY)
    assert set(found) == {this_month.pk, both.pk}
    assert "plafond du mois atteint" in found[this_month.pk]
    assert "plafond sur 12 mois atteint" in found[both.pk]  # the 12-month cap is the one said


def test_programme_alerts_read_the_enrolments_once_with_the_same_results(structure):
    """portfolio_alerts reads the enrolments once for the three programme alerts: an enrolment
    that ended after the last complete week but before today counts for the CEJ hours of that
    week, not as a programme still open today."""
    cej_exited, pacea_exited, pacea_open, planned = (JeuneFactory(structure=structure) for _ in range(4))
    InscriptionFactory(jeune=cej_exited, dispositif="cej", date_entree=dt.date(2025, 1, 6),
                       date_sortie=dt.date(2025, 6, 17), date_fin_prevue=dt.date(2025, 7, 1), motif_sortie="emploi")
    InscriptionFactory(jeune=pacea_exited, dispositif="pacea", date_entree=dt.date(2023, 7, 1),
                       date_sortie=dt.date(2025, 6, 16), motif_sortie="emploi")
    InscriptionFactory(jeune=pacea_open, dispositif="pacea", date_entree=dt.date(2023, 7, 1))
    InscriptionFactory(jeune=planned, dispositif="ppae", date_entree=dt.date(2025, 1, 6),
                       date_fin_prevue=dt.date(2025, 7, 1))
    ids = [cej_exited.pk, pacea_exited.pk, pacea_open.pk, planned.pk]
    rows = alertes.portfolio_alerts(Jeune.objects.filter(pk__in=ids), TODAY)
    combined = {(r.jeune.pk, code) for r in rows for code, _ in r.alertes if code != "sans_contact"}
    assert combined == {(cej_exited.pk, "cej_heures"), (pacea_open.pk, "pacea_24_mois"), (planned.pk, "fin_programme")}
    one_by_one = {
        (pk, code) for code, check in alertes.ALERTES if code != "sans_contact" for pk in check(ids, TODAY)
    }
    assert one_by_one == combined
