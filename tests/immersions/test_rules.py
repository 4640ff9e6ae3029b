"""The PMSMP rules (docs/immersions.md): one month date to date, renewable once, two months
over twelve with the same host; the bad inputs refused with the law cited, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EmployeurFactory, JeuneFactory, StructureFactory
from trajectoires.immersions import rules, services
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.situations.models import Situation


D = dt.date
DATA = {"objectif": "decouvrir", "tuteur_nom": "Anne Roy", "tuteur_fonction": "Cheffe d'atelier",
        "tuteur_telephone": "+33612345678", "horaires": "Lundi au vendredi, 9 h – 17 h", "duree_heures": None,
        "metier": "Boulanger"}
LAW = "Code du travail, articles L5135-1 et suivants"


@pytest.mark.parametrize(("debut", "last"), [
    (D(2027, 3, 3), D(2027, 4, 2)),
    (D(2027, 1, 1), D(2027, 1, 31)),
    (D(2027, 2, 1), D(2027, 2, 28)),
    (D(2028, 2, 1), D(2028, 2, 29)),
    (D(2027, 1, 15), D(2027, 2, 14)),
    (D(2027, 1, 28), D(2027, 2, 27)),
    (D(2027, 1, 29), D(2027, 2, 28)),  # no 29 February in 2027: to the end of February
    (D(2027, 1, 31), D(2027, 2, 28)),
    (D(2027, 12, 15), D(2028, 1, 14)),
])
def test_one_month_is_counted_date_to_date(debut, last):
    assert rules.last_day(debut) == last
    assert rules.check_dates(debut, last) == []
    errors = rules.check_dates(debut, last + dt.timedelta(days=1))
    assert len(errors) == 1 and LAW in errors[0] and "au plus un mois" in errors[0]


def test_31_days_and_more_are_refused_when_the_month_is_shorter():
    assert rules.check_dates(D(2027, 4, 1), D(2027, 5, 1))  # 31 days from 1 April
    assert rules.check_dates(D(2027, 2, 1), D(2027, 3, 3))  # 31 days from 1 February
    assert rules.check_dates(D(2027, 3, 1), D(2027, 4, 15))  # 46 days
    assert rules.check_dates(D(2027, 3, 10), D(2027, 3, 9)) == [
        "La date de fin précède la date de début : vérifiez les dates."
    ]


def test_the_twelve_month_window():
    assert rules.window_start(D(2027, 6, 30)) == D(2026, 7, 1)
    assert rules.window_end(D(2026, 7, 1)) == D(2027, 6, 30)
    assert rules.window_start(D(2027, 2, 28)) == D(2026, 3, 1)


def test_two_full_months_with_one_host_are_allowed_a_third_period_is_not():
    jan, mar = rules.Period(D(2027, 1, 1), D(2027, 1, 31)), rules.Period(D(2027, 3, 1), D(2027, 3, 31))
    assert rules.check_cumul([jan], mar, "Boulangerie") == []  # 1 + 1 = 2 months (62 days, not "59")
    errors = rules.check_cumul([jan, mar], rules.Period(D(2027, 6, 1), D(2027, 6, 1)), "Boulangerie")
    assert len(errors) == 1 and LAW in errors[0] and "Boulangerie" in errors[0] and "2,03 mois" in errors[0]
    # Twelve months after the first period, it no longer counts.
    assert rules.check_cumul([jan, mar], rules.Period(D(2028, 1, 1), D(2028, 1, 15)), "Boulangerie") == []


def _jeune_and_hosts():  # type: ignore[no-untyped-def]
    jeune = JeuneFactory()
    return jeune, EmployeurFactory(structure=jeune.structure), EmployeurFactory(structure=jeune.structure)


def _refused(call, *args) -> str:  # type: ignore[no-untyped-def]
    before = (ConventionImmersion.objects.count(), Situation.objects.count())
    with pytest.raises(ValidationError) as raised:
        call(*args)
    assert (ConventionImmersion.objects.count(), Situation.objects.count()) == before
    return " ".join(raised.value.messages)


@pytest.mark.django_db
def test_a_convention_records_a_pmsmp_situation():
    jeune, host, _ = _jeune_and_hosts()
    c = services.create_convention(jeune, host, D(2027, 3, 3), D(2027, 4, 2), DATA)
    s = c.situation
    assert (s.jeune_id, s.categorie, s.type, s.date_debut, s.date_fin, s.employeur_id) == (
        jeune.pk, "immersion", "pmsmp", D(2027, 3, 3), D(2027, 4, 2), host.pk)
    assert c.tuteur_nom == "Anne Roy" and c.objectif == "decouvrir"


@pytest.mark.django_db
def test_more_than_a_month_is_refused_with_the_law():
    jeune, host, _ = _jeune_and_hosts()
    message = _refused(services.create_convention, jeune, host, D(2027, 3, 3), D(2027, 4, 3), DATA)
    assert "au plus un mois" in message and "2 avril 2027" in message and LAW in message


@pytest.mark.django_db
def test_renewed_once_extends_the_situation_and_a_third_period_is_refused():
    jeune, host, _ = _jeune_and_hosts()
    first = services.create_convention(jeune, host, D(2027, 3, 1), D(2027, 3, 31), DATA)
    renewal = services.renew_convention(first, D(2027, 4, 1), D(2027, 4, 30), DATA)
    assert renewal.renouvellement_de == first and renewal.situation_id == first.situation_id
    assert Situation.objects.get(pk=first.situation_id).date_fin == D(2027, 4, 30)
    assert Situation.objects.filter(jeune=jeune).count() == 1  # the report counts one immersion
    message = _refused(services.renew_convention, first, D(2027, 5, 1), D(2027, 5, 10), DATA)
    assert "déjà été renouvelée une fois" in message and LAW in message
    message = _refused(services.renew_convention, renewal, D(2027, 5, 1), D(2027, 5, 10), DATA)
    assert "déjà un renouvellement" in message and LAW in message


@pytest.mark.django_db
def test_a_renewal_starts_after_the_first_period_and_lasts_a_month_at_most():
    jeune, host, _ = _jeune_and_hosts()
    first = services.create_convention(jeune, host, D(2027, 3, 1), D(2027, 3, 31), DATA)
    message = _refused(services.renew_convention, first, D(2027, 3, 20), D(2027, 4, 5), DATA)
    assert "après la première période" in message
    assert "au plus un mois" in _refused(services.renew_convention, first, D(2027, 4, 1), D(2027, 5, 5), DATA)


@pytest.mark.django_db
def test_two_months_over_twelve_with_the_same_host_another_host_is_fine():
    jeune, host, other = _jeune_and_hosts()
    services.create_convention(jeune, host, D(2027, 1, 4), D(2027, 2, 3), DATA)
    services.create_convention(jeune, host, D(2027, 5, 3), D(2027, 6, 2), DATA)
    message = _refused(services.create_convention, jeune, host, D(2027, 9, 6), D(2027, 9, 17), DATA)
    assert "deux mois" in message and "douze mois" in message and host.raison_sociale in message and LAW in message
    c = services.create_convention(jeune, other, D(2027, 9, 6), D(2027, 9, 17), DATA)
    assert c.employeur == other
    # The same host again once the first period is more than twelve months old.
    assert services.create_convention(jeune, host, D(2028, 2, 7), D(2028, 2, 18), DATA).pk


@pytest.mark.django_db
def test_an_employer_of_another_structure_is_refused():
    jeune, _, _ = _jeune_and_hosts()
    foreign = EmployeurFactory(structure=StructureFactory())
    message = _refused(services.create_convention, jeune, foreign, D(2027, 3, 1), D(2027, 3, 10), DATA)
    assert "n'est pas un employeur de votre Mission Locale" in message


@pytest.mark.django_db
def test_the_report_counts_a_renewed_immersion_once():
    from trajectoires.rapports.engine import build_report
    from trajectoires.rapports.periods import Period

    jeune, host, other = _jeune_and_hosts()
    first = services.create_convention(jeune, host, D(2025, 3, 1), D(2025, 3, 31), DATA)
    services.renew_convention(first, D(2025, 4, 1), D(2025, 4, 30), DATA)
    services.create_convention(jeune, other, D(2025, 6, 2), D(2025, 6, 13), DATA)
    figures = build_report(jeune.structure, Period(D(2025, 1, 1), D(2025, 12, 31)), None).data["indicateurs"]
    assert figures["immersions_pmsmp"] == 2 and figures["immersions_pmsmp_jeunes"] == 1
