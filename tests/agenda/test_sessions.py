"""Collective sessions: registration within capacity, sign-in sheet, convocation letters."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import ConseillerFactory, JeuneFactory, SiteFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.agenda import services
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.pdf import render_convocations
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


pytestmark = pytest.mark.django_db


def _session(structure, *, capacite: int = 2, type: str = "atelier", debut: dt.datetime | None = None):
    return services.create_session(structure.pk, {
        "type": type,
        "theme": "Préparer un entretien d'embauche",
        "debut": debut or dt.datetime(2025, 5, 6, 14, 0, tzinfo=timezone.get_current_timezone()),
        "site": SiteFactory(structure=structure, nom="Planoise"),
        "capacite": capacite,
        "animateur": ConseillerFactory(structure=structure),
    })


def test_registration_is_refused_beyond_capacity_with_a_french_message(structure):
    session = _session(structure, capacite=2)
    a, b, c = (JeuneFactory(structure=structure) for _ in range(3))
    services.register(session, a)
    services.register(session, b)
    with pytest.raises(ValidationError, match="La session est complète : ses 2 places sont prises"):
        services.register(session, c)
    assert services.places_prises(session) == 2


def test_a_cancelled_registration_frees_its_seat_and_double_registration_is_refused(structure):
    session = _session(structure, capacite=1)
    a, b = JeuneFactory(structure=structure), JeuneFactory(structure=structure)
    participation = services.register(session, a)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.register(session, a)
    services.cancel_registration(participation)
    services.register(session, b)
    assert services.places_prises(session) == 1


def test_a_young_person_of_another_mission_locale_cannot_be_registered(structure, db):
    from tests.factories import StructureFactory

    session = _session(structure)
    with pytest.raises(ValidationError):
        services.register(session, JeuneFactory(structure=StructureFactory()))


@pytest.mark.parametrize("type", ["atelier", "information_collective"])
def test_sign_in_gives_each_present_young_person_an_honoured_contact_of_the_session_nature(structure, type):
    session = _session(structure, capacite=5, type=type)
    present, absent, excuse = (JeuneFactory(structure=structure) for _ in range(3))
    for jeune in (present, absent, excuse):
        services.register(session, jeune)
    before = build_report(structure, Period.year(2025)).data["indicateurs"]
    services.sign_in(session, {present.pk}, {excuse.pk})
    contacts = {e.jeune_id: e for e in Evenement.objects.filter(structure=structure)}
    assert set(contacts) == {present.pk, absent.pk}
    assert (contacts[present.pk].nature, contacts[present.pk].honore) == (type, True)
    assert contacts[present.pk].date == dt.date(2025, 5, 6)
    assert contacts[absent.pk].honore is False
    after = build_report(structure, Period.year(2025)).data["indicateurs"]
    assert after["jeunes_accompagnes"] == before["jeunes_accompagnes"] + 1
    assert after["jeunes_en_contact"] == before["jeunes_en_contact"] + 1
    # Signing again replaces the sheet: one contact per young person, never two. The excused
    # one, now unticked, is absent (a missed session).
    services.sign_in(session, {present.pk, absent.pk})
    assert Evenement.objects.filter(structure=structure, honore=True).count() == 2
    assert list(Evenement.objects.filter(structure=structure, honore=False).values_list("jeune_id", flat=True)) == [
        excuse.pk
    ]
    assert Evenement.objects.filter(structure=structure).count() == 3


def test_no_sign_in_before_the_session_starts(structure):
    session = _session(structure, debut=timezone.now() + dt.timedelta(hours=3))
    services.register(session, JeuneFactory(structure=structure))
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.sign_in(session, set())


def test_convocation_letters_are_a_pdf_with_one_page_per_young_person(structure):
    session = _session(structure, capacite=3)
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé")
    hugo = JeuneFactory(structure=structure, nom="Durand", prenom="Hugo")
    for jeune in (zoe, hugo):
        services.register(session, jeune)
    participations = session.participations.select_related("jeune").exclude(presence=Presence.ANNULE)
    pdf = render_convocations(session, participations.order_by("jeune__nom"))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Hugo DURAND" in first and "Zoé LEFÈVRE" in second
    for text in (first, second):
        assert "Préparer un entretien d'embauche" in text
        assert "mardi 6 mai 2025" in text and "14h00" in text and "Planoise" in text
