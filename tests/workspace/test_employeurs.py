"""The employers' file (issue 13, part 1) and the employer relations' home (part 6): the doors'
checks (SIRET key, duplicates in one Mission Locale, NAF and size codes, phone numbers), the
pages, and the figures that must equal the report's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import ContactEmployeurFactory, EmployeurFactory, OffreFactory, SituationFactory, StructureFactory
from trajectoires.accounts.enums import Role
from trajectoires.entreprises import services
from trajectoires.entreprises.models import ContactEmployeur, Employeur, Interlocuteur
from trajectoires.entreprises.reference import naf, naf_codes_matching, naf_label, normalise_naf, tranches
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.workspace.employeurs import home_followups


SIRET = "73282932000074"
TODAY = dt.date(2026, 12, 7)


# --- Reference lists ---------------------------------------------------------------------------
def test_the_naf_list_is_the_732_sub_classes_of_naf_rev_2():
    codes = naf()
    assert len(codes) == 732
    assert codes["56.10A"] == "Restauration traditionnelle"
    assert all(len(c) == 6 and c[2] == "." for c in codes)
    assert naf_label("56.10A") == "56.10A – Restauration traditionnelle"
    assert "hors de la nomenclature" in naf_label("99.99Z")


def test_the_demo_only_uses_real_naf_codes():
    from trajectoires.demo.reference import SECTEURS_ECO

    assert {c for s in SECTEURS_ECO for c in s.naf} <= set(naf())


def test_naf_search_by_code_prefix_or_label_word():
    assert normalise_naf("5610a") == "56.10A" and normalise_naf(" 56.10 A ") == "56.10A"
    assert set(naf_codes_matching("56.1")) == {"56.10A", "56.10B", "56.10C"}
    assert "10.71C" in naf_codes_matching("boulangerie")


def test_the_size_bands_are_the_insee_codes():
    assert list(tranches())[:3] == ["NN", "00", "01"] and tranches()["11"] == "10 à 19 salariés"
    assert len(tranches()) == 16


# --- Doors: SIRET, duplicates, details, people, contacts -------------------------------------------
def test_a_bad_siret_is_refused_in_french(db):
    ml = StructureFactory()
    with pytest.raises(ValidationError, match="clé de contrôle"):
        services.create_employeur(ml.pk, "Boulangerie", "73282932000075")
    with pytest.raises(ValidationError, match="14 chiffres"):
        services.create_employeur(ml.pk, "Boulangerie", "7328293200")
    assert not Employeur.objects.exists()


def test_a_duplicate_siret_names_the_existing_employer_in_one_mission_locale_only(db):
    ml, other = StructureFactory(), StructureFactory()
    first = services.create_employeur(ml.pk, "Boulangerie Martin", SIRET)
    with pytest.raises(services.SiretEnDouble) as raised:
        services.create_employeur(ml.pk, "Autre nom", "732 829 320 00074")
    assert raised.value.existing == first and "« Boulangerie Martin »" in raised.value.messages[0]
    assert services.create_employeur(other.pk, "Boulangerie Martin", SIRET).structure_id == other.pk
    second = services.create_employeur(ml.pk, "Garage")
    with pytest.raises(services.SiretEnDouble):
        services.update_employeur(second, "Garage", SIRET)
    assert Employeur.objects.get(pk=second.pk).siret is None
    # Keeping its own SIRET is not a duplicate.
    assert services.update_employeur(first, "Boulangerie Martin et fils", SIRET).raison_sociale.endswith("fils")


def test_details_are_checked_and_stored_normalised(db):
    ml = StructureFactory()
    e = services.create_employeur(ml.pk, "  Garage   du Doubs ", "", "25056", naf="4520a", tranche_effectif="03",
                                  telephone="03 81 12 34 56", email=" Contact@Garage.FR ")
    assert (e.raison_sociale, e.naf, e.tranche_effectif, e.telephone, e.email) == (
        "Garage du Doubs", "45.20A", "03", "+33381123456", "contact@garage.fr")
    with pytest.raises(ValidationError) as raised:
        services.update_employeur(e, "Garage", "", None, naf="99.99Z", tranche_effectif="99", telephone="12",
                                  email="pas-un-courriel")
    assert set(raised.value.message_dict) == {"naf", "tranche_effectif", "telephone", "email"}
    assert Employeur.objects.get(pk=e.pk).naf == "45.20A"


def test_a_person_to_talk_to_has_a_valid_phone(db):
    e = EmployeurFactory()
    with pytest.raises(ValidationError) as raised:
        services.add_interlocuteur(e, {"nom": "", "telephone": "06 12"})
    assert set(raised.value.message_dict) == {"nom", "telephone"}
    person = services.add_interlocuteur(e, {"nom": "Durand", "prenom": "Léa", "telephone": "+44 20 7946 0958"})
    assert person.telephone == "+442079460958" and person.structure_id == e.structure_id
    services.update_interlocuteur(person, {"nom": "Durand", "prenom": "Léa", "actif": False})
    person.refresh_from_db()
    assert not person.actif and person.telephone == ""


def test_a_contact_checks_its_dates_and_its_person(db):
    e, other = EmployeurFactory(), EmployeurFactory()
    stranger = services.add_interlocuteur(other, {"nom": "Autre"})
    with pytest.raises(ValidationError) as raised:
        services.record_employer_contact(e, None, TODAY + dt.timedelta(days=1), "visite", today=TODAY)
    assert "futur" in raised.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as raised:
        services.record_employer_contact(e, None, TODAY, "visite", interlocuteur=stranger,
                                         a_rappeler_le=TODAY - dt.timedelta(days=1), today=TODAY)
    assert set(raised.value.message_dict) == {"interlocuteur", "a_rappeler_le"}
    assert not ContactEmployeur.objects.exists()


# --- The report's figures and the pages agree ----------------------------------------------------
def test_new_employers_and_contacts_are_the_reports(db):
    ml = StructureFactory()
    year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    old = EmployeurFactory(structure=ml)
    ContactEmployeurFactory(employeur=old, date=dt.date(2024, 5, 2))
    new = EmployeurFactory(structure=ml)
    services.record_employer_contact(new, None, dt.date(2026, 3, 3), "telephone", today=TODAY)
    services.record_employer_contact(old, None, dt.date(2026, 4, 4), "visite", today=TODAY)
    figures = build_report(ml, year, None).data["indicateurs"]
    assert figures["acteurs_economiques_contact"] == 2
    assert figures["acteurs_economiques_nouveaux"] == 1
    from trajectoires.workspace.employeurs import counts

    assert counts(ml.pk, TODAY)["nouveaux"] == figures["acteurs_economiques_nouveaux"]


def test_the_latest_contact_decides_the_call_back(world):
    e = EmployeurFactory(structure=world.structure, raison_sociale="Garage du Doubs")
    services.record_employer_contact(e, None, TODAY - dt.timedelta(days=20), "visite",
                                     a_rappeler_le=TODAY - dt.timedelta(days=2), today=TODAY)
    user = world.user(Role.RELATIONS_ENTREPRISES)
    assert [x.pk for x in home_followups(user, TODAY)["a_rappeler"]] == [e.pk]
    services.record_employer_contact(e, None, TODAY - dt.timedelta(days=1), "telephone", today=TODAY)
    assert home_followups(user, TODAY)["a_rappeler"] == []


def test_the_home_follow_ups(world):
    ml = world.structure
    e = EmployeurFactory(structure=ml, raison_sociale="Boulangerie Martin")
    lonely = OffreFactory(employeur=e, intitule="Vendeur", date_publication=TODAY - dt.timedelta(days=20),
                          date_cloture=TODAY + dt.timedelta(days=3))
    OffreFactory(employeur=e, intitule="Plus tard", date_publication=TODAY, date_cloture=TODAY + dt.timedelta(days=30))
    jeune = world.jeunes["autre"]
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    immersion = SituationFactory(jeune=jeune, categorie="immersion", type="pmsmp", date_debut=monday,
                                 date_fin=monday + dt.timedelta(days=4), employeur=e)
    hire = SituationFactory(jeune=jeune, categorie="alternance", type="apprentissage",
                            date_debut=TODAY.replace(day=1), employeur=e)
    SituationFactory(jeune=world.jeunes["suivi"], categorie="emploi", type="cdd",
                     date_debut=TODAY.replace(day=1))  # no employer: not followed in a company
    s = home_followups(world.user(Role.RELATIONS_ENTREPRISES), TODAY)
    assert s["offres_sans_candidat"] == [lonely]
    assert s["immersions_debut"] == [immersion] and s["immersions_fin"] == [immersion]
    assert s["embauches"] == [hire]


def test_employer_relations_see_the_young_people_placed_with_an_employer(client, world):
    jeune = world.jeunes["autre"]
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    assert client.get(reverse("workspace:jeune", args=[jeune.pk])).status_code == 404
    garage = EmployeurFactory(structure=world.structure)
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", employeur=garage)
    assert client.get(reverse("workspace:jeune", args=[jeune.pk])).status_code == 200


# --- Pages -------------------------------------------------------------------------------------
def test_creating_with_a_known_siret_links_the_existing_file(client, world):
    existing = services.create_employeur(world.structure.pk, "Boulangerie Martin", SIRET)
    before = Employeur.objects.filter(structure=world.structure).count()
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    response = client.post(reverse("workspace:employeur_nouveau"), {"raison_sociale": "Martin", "siret": SIRET})
    page = response.content.decode()
    assert response.status_code == 200
    assert "déjà ce SIRET" in page and reverse("workspace:employeur", args=[existing.pk]) in page
    assert Employeur.objects.filter(structure=world.structure).count() == before


def test_the_file_shows_people_contacts_offers_and_placements(client, world):
    e = services.create_employeur(world.structure.pk, "Garage du Doubs", SIRET, "25056", naf="45.20A")
    person = services.add_interlocuteur(e, {"nom": "Durand", "prenom": "Léa", "fonction": "Gérante",
                                            "telephone": "0612345678"})
    today = timezone.localdate()
    services.record_employer_contact(e, None, today, "visite", "Cherche un apprenti", person,
                                     today + dt.timedelta(days=7), today=today)
    OffreFactory(employeur=e, intitule="Mécanicien", date_publication=today)
    SituationFactory(jeune=world.jeunes["autre"], categorie="alternance", type="apprentissage", employeur=e,
                     date_debut=today)
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("workspace:employeur", args=[e.pk])).content.decode()
    for text in ("732 829 320 00074", "45.20A – Entretien et réparation de véhicules automobiles légers",
                 "Léa Durand", "06 12 34 56 78", "Cherche un apprenti", "Mécanicien", "Publiée",
                 f"Nouvel employeur en {today.year}", "AUTRE Test"):
        assert text in page, text
    assert reverse("workspace:employeur_modifier", args=[e.pk]) not in page  # a counsellor reads, records contacts
    assert reverse("workspace:employeur_contact", args=[e.pk]) in page


def test_the_list_filters_and_counts(client, world):
    a = EmployeurFactory(structure=world.structure, raison_sociale="Boulangerie Martin", naf="10.71C",
                         commune="25056", siret=SIRET)
    EmployeurFactory(structure=world.structure, raison_sociale="Garage du Doubs", naf="45.20A")
    EmployeurFactory(structure=world.other_structure, raison_sociale="Boulangerie du Jura", naf="10.71C")
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    url = reverse("workspace:employeurs")
    page = client.get(url, {"naf": "boulangerie"}).content.decode()
    assert "Boulangerie Martin" in page and "Garage du Doubs" not in page and "Jura" not in page
    assert "Boulangerie Martin" in client.get(url, {"q": "732 829"}).content.decode()
    assert "Besançon" in client.get(url, {"commune": "25056"}).content.decode()
    empty = client.get(url, {"q": "zzz"}).content.decode()
    assert "Aucun employeur pour ces critères" in empty
    assert a.pk


def test_recording_a_contact_through_the_page(client, world):
    e = EmployeurFactory(structure=world.structure)
    person = Interlocuteur.objects.create(structure=world.structure, ext_id="i1", employeur=e, nom="Durand")
    client.force_login(world.user(Role.CONSEILLER))
    today = timezone.localdate()
    response = client.post(reverse("workspace:employeur_contact", args=[e.pk]), {
        "date": today.isoformat(), "nature": "telephone", "interlocuteur": str(person.pk), "note": "Rappeler lundi",
        "a_rappeler_le": (today + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 302
    c = ContactEmployeur.objects.get(employeur=e)
    assert (c.nature, c.interlocuteur, c.note, c.a_rappeler_le, c.conseiller.user) == (
        "telephone", person, "Rappeler lundi", today + dt.timedelta(days=3), world.user(Role.CONSEILLER))


def test_changing_an_employer_and_a_person_through_the_pages(client, world):
    e = EmployeurFactory(structure=world.structure, raison_sociale="Garage")
    person = Interlocuteur.objects.create(structure=world.structure, ext_id="i1", employeur=e, nom="Durand")
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    response = client.post(reverse("workspace:employeur_modifier", args=[e.pk]), {
        "raison_sociale": "Garage du Doubs", "siret": SIRET, "naf": "45.20A", "tranche_effectif": "11"})
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.raison_sociale, e.siret, e.naf, e.tranche_effectif) == ("Garage du Doubs", SIRET, "45.20A", "11")
    response = client.post(reverse("workspace:interlocuteur", args=[person.pk]), {
        "nom": "Durand", "telephone": "06 12 34 56 78", "actif": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.telephone == "+33612345678"
    response = client.post(reverse("workspace:interlocuteur", args=[person.pk]), {"nom": "Durand", "telephone": "06"})
    assert response.status_code == 200 and "pas un numéro de téléphone" in response.content.decode()


def test_the_employer_relations_home(client, world):
    e = EmployeurFactory(structure=world.structure, raison_sociale="Garage du Doubs")
    today = timezone.localdate()
    services.record_employer_contact(e, None, today, "visite", a_rappeler_le=today, today=today)
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    page = client.get(reverse("home")).content.decode()
    assert "Mes suivis du jour" in page and "Garage du Doubs" in page
    assert reverse("agenda:chiffres") in page  # the key figures, loaded from the report engine
    figures = client.get(reverse("agenda:chiffres")).content.decode()
    assert "Acteurs économiques en contact" in figures or "acteurs économiques en contact" in figures
