"""Mentoring (issue 14): what the mentor sees (exactly their current mentees, what each young
person shares), meetings and the report's count, worries on the referent's home, mentors'
logins. Real database, real pages through the test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConseillerFactory, JeuneFactory, ParrainageFactory, ParrainFactory, UserFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.parrainage import services
from trajectoires.parrainage.models import Inquietude, Parrain, Parrainage, Rencontre
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


TODAY = timezone.localdate()
YEAR = Period(dt.date(TODAY.year, 1, 1), TODAY)


def _mentor(world) -> Parrain:  # type: ignore[no-untyped-def]
    return Parrain.objects.get(user=world.user(Role.PARRAIN))


def _home(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_mentor_home_lists_exactly_the_current_mentees(client, world):
    mentor = _mentor(world)
    ended = JeuneFactory(structure=world.structure, prenom="Ancien", nom="Fini")
    ParrainageFactory(jeune=ended, parrain=mentor, date_debut=dt.date(2023, 1, 5), date_fin=TODAY - dt.timedelta(1),
                      issue="solution")
    another = JeuneFactory(structure=world.structure, prenom="Autrui", nom="Ailleurs")
    ParrainageFactory(jeune=another, parrain=ParrainFactory(structure=world.structure))
    page = _home(client, world.user(Role.PARRAIN))
    assert "Vos" not in page and "Votre filleul en cours" in page
    assert ">Test</h2>" in page  # the mentee's first name, as the only mentee's heading
    for absent in ("Ancien", "Autrui", "Filleul", "jeunes dans la base"):
        assert absent not in page


def test_a_pairing_ended_today_stays_until_the_evening_and_drops_the_next_day(client, world):
    pairing = world.jeunes["filleul"].parrainages.get()
    services.update_parrainage(pairing, fin_prevue=None, partage_telephone=False, partage_email=False,
                               date_fin=TODAY, issue="solution", today=TODAY)
    assert "Votre filleul en cours" in _home(client, world.user(Role.PARRAIN))
    Parrainage.objects.filter(pk=pairing.pk).update(date_fin=TODAY - dt.timedelta(days=1))
    page = _home(client, world.user(Role.PARRAIN))
    assert "pas de filleul en cours" in page
    assert client.get(reverse("parrainage:rencontre", args=[pairing.pk])).status_code == 404


def test_the_mentor_sees_only_what_the_young_person_shares(client, world):
    filleul = world.jeunes["filleul"]
    filleul.telephone, filleul.email = "+33612345678", "test.filleul@example.org"
    filleul.save()
    page = _home(client, world.user(Role.PARRAIN))
    assert "06 12 34 56 78" not in page and "test.filleul@example.org" not in page
    assert page.count("non partagé") == 2
    pairing = filleul.parrainages.get()
    services.update_parrainage(pairing, fin_prevue=None, partage_telephone=True, partage_email=False,
                               date_fin=None, issue=None, today=TODAY)
    page = _home(client, world.user(Role.PARRAIN))
    assert 'href="tel:+33612345678"' in page and "test.filleul@example.org" not in page
    assert "Paul Bernard" in page  # the referent counsellor
    assert Parrainage.objects.get(pk=pairing.pk).partage_date == TODAY


def test_a_meeting_adds_to_the_imported_count_and_the_report_and_pages_agree(client, world):
    pairing = world.jeunes["filleul"].parrainages.get()
    Parrainage.objects.filter(pk=pairing.pk).update(entretiens=3)  # imported
    client.force_login(world.user(Role.PARRAIN))
    response = client.post(reverse("parrainage:rencontre", args=[pairing.pk]),
                           {"date": TODAY.isoformat(), "duree": "45", "note": "Point sur le CV."})
    assert response.status_code == 302
    rencontre = Rencontre.objects.get(parrainage=pairing)
    assert (rencontre.duree, rencontre.note, rencontre.auteur) == (45, "Point sur le CV.", world.user(Role.PARRAIN))
    assert Parrainage.objects.get(pk=pairing.pk).entretiens == 4
    section = build_report(world.structure, YEAR).data["parrainage"]
    mentors = section["parrains_actifs"]
    assert section["entretiens_par_parrain"] * mentors == pytest.approx(4)
    client.force_login(world.user(Role.DIRECTION))
    page = client.get(reverse("parrainage:parrain", args=[pairing.parrain_id])).content.decode()
    assert '<td class="num">4</td>' in page and "Point sur le CV." in page
    listing = client.get(reverse("parrainage:parrains")).content.decode()
    assert f'{section["parrainages_actifs"]}</span> <span class="kpi-label">parrainages actifs' in listing


def test_a_meeting_in_the_future_or_before_the_pairing_is_refused_and_nothing_is_written(client, world):
    pairing = world.jeunes["filleul"].parrainages.get()
    client.force_login(world.user(Role.PARRAIN))
    for day in (TODAY + dt.timedelta(days=1), pairing.date_debut - dt.timedelta(days=1)):
        response = client.post(reverse("parrainage:rencontre", args=[pairing.pk]),
                               {"date": day.isoformat(), "duree": "60"})
        assert response.status_code == 200 and "est pas enregistrée" in response.content.decode()
    assert not Rencontre.objects.exists()
    assert Parrainage.objects.get(pk=pairing.pk).entretiens is None


def test_a_worry_reaches_the_referent_home_until_marked_read(client, world):
    claire = world.user(Role.CONSEILLER)
    jeune = world.jeunes["portefeuille"]  # Claire is the referent
    mentor = _mentor(world)
    pairing = ParrainageFactory(jeune=jeune, parrain=mentor, date_debut=TODAY - dt.timedelta(days=20))
    client.force_login(world.user(Role.PARRAIN))
    response = client.post(reverse("parrainage:inquietude", args=[pairing.pk]), {"texte": "Il semble très fatigué."})
    assert response.status_code == 302
    inquietude = Inquietude.objects.get()
    assert inquietude.conseiller.user == claire
    assert "Il semble très fatigué." in _home(client, claire)
    assert "Il semble très fatigué." not in _home(client, world.user(Role.DIRECTION))  # sent to the referent
    assert "Il semble très fatigué." not in _home(client, world.user(Role.PARRAIN))  # never shown back
    client.force_login(claire)
    assert client.post(reverse("parrainage:inquietude_lue", args=[inquietude.pk])).status_code == 302
    inquietude.refresh_from_db()
    assert inquietude.lue_par == claire and inquietude.lue_le is not None
    assert "Il semble très fatigué." not in _home(client, claire)


def test_a_mentor_login_is_created_with_a_temporary_password_shown_once(client, world):
    parrain = ParrainFactory(structure=world.structure, prenom="Gérard", nom="Duval", email="gerard@example.org")
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("parrainage:parrain_compte", args=[parrain.pk]))
    assert response.status_code == 302
    parrain.refresh_from_db()
    user = parrain.user
    assert (user.username, user.role, user.structure, user.email) == (
        "gerard.duval", Role.PARRAIN, world.structure, "gerard@example.org"
    )
    page = client.get(reverse("parrainage:parrain", args=[parrain.pk])).content.decode()
    password = page.split('<code class="mdp">')[1].split("</code>")[0]
    assert len(password) == 19 and user.check_password(password)
    again = client.get(reverse("parrainage:parrain", args=[parrain.pk])).content.decode()
    assert password not in again and "Nouveau mot de passe temporaire" in again
    client.logout()
    response = client.post(reverse("login"), {"username": "gerard.duval", "password": password})
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200
    # A second login of the same name gets a number; a mentor who left the network gets none.
    other = ParrainFactory(structure=world.structure, prenom="Gérard", nom="Duval")
    assert services.create_parrain_login(other)[0].username == "gerard.duval2"
    gone = ParrainFactory(structure=world.structure, date_sortie=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValueError):
        services.create_parrain_login(gone)


def test_leaving_the_network_closes_the_login(world):
    mentor = _mentor(world)
    data = {name: getattr(mentor, name) for name in services.PARRAIN_FIELDS}
    services.update_parrain(mentor, {**data, "date_sortie": TODAY - dt.timedelta(days=1)})
    assert not User.objects.get(pk=world.user(Role.PARRAIN).pk).is_active


def test_a_pairing_is_refused_while_another_is_ongoing_and_its_end_needs_an_outcome(world):
    filleul = world.jeunes["filleul"]
    other = ParrainFactory(structure=world.structure)
    pairing, errors = services.create_parrainage(filleul, other, TODAY, None, False, False, TODAY)
    assert pairing is None and "déjà un parrainage en cours" in errors[0]
    current = filleul.parrainages.get()
    _, errors = services.update_parrainage(current, fin_prevue=None, partage_telephone=False, partage_email=False,
                                           date_fin=TODAY, issue=None, today=TODAY)
    assert errors and Parrainage.objects.get(pk=current.pk).date_fin is None


def test_a_new_pairing_picks_the_young_person_by_search_within_the_scope(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("parrainage:parrainage_nouveau"), {"q": "Portefeuille"}).content.decode()
    assert f"?jeune={world.jeunes['portefeuille'].pk}" in page
    page = client.get(reverse("parrainage:parrainage_nouveau"), {"q": "Ailleurs"}).content.decode()
    assert f"?jeune={world.jeunes['ailleurs'].pk}" not in page
    libre = ParrainFactory(structure=world.structure)
    response = client.post(reverse("parrainage:parrainage_nouveau"), {
        "jeune": world.jeunes["ailleurs"].pk, "parrain": libre.pk, "date_debut": TODAY.isoformat(),
    })
    assert response.status_code == 200 and not Parrainage.objects.filter(parrain=libre).exists()


def test_the_mentor_of_another_mission_locale_sees_nothing_here(client, world):
    other_user = UserFactory(structure=world.other_structure, role=Role.PARRAIN)
    other_mentor = ParrainFactory(structure=world.other_structure, user=other_user)
    referent = ConseillerFactory(structure=world.other_structure)
    jeune = JeuneFactory(structure=world.other_structure, conseiller=referent, prenom="Jurassien")
    ParrainageFactory(jeune=jeune, parrain=other_mentor)
    page = _home(client, other_user)
    assert "Jurassien" in page and "Test" not in page.split("<main")[1]
    pairing = world.jeunes["filleul"].parrainages.get()
    assert client.get(reverse("parrainage:rencontre", args=[pairing.pk])).status_code == 404


# What a mentor may open at all: their home, their own mentee's search result and limited file (earlier
# issues), and their meeting and worry forms; every other page of the matrix is 403 or 404.
MENTOR_PAGES = {
    ("home", "GET"): "A",  # their mentees (parrainage/mentor_home.html)
    ("workspace:search", "GET"): "A",
    ("workspace:jeune", "GET"): "NNNANNN",
    ("parrainage:rencontre", "GET"): "NNNANNN",
    ("parrainage:rencontre", "POST"): "NNNRNNN",
    ("parrainage:inquietude", "GET"): "NNNANNN",
    ("parrainage:inquietude", "POST"): "NNNRNNN",
}


def test_the_mentor_row_of_the_access_matrix_is_refusals_but_for_their_own_mentee():
    from tests.workspace.test_access_matrix import MATRIX

    mentor = {key: by_role[Role.PARRAIN] for key, by_role in MATRIX.items()}
    # The public job board's pages (`bourse:`) answer everyone, staff or not (docs/bourse.md).
    allowed = {key: codes for key, codes in mentor.items()
               if set(codes) - {"F", "N"} and not key[0].startswith("bourse:")}
    assert allowed == MENTOR_PAGES
