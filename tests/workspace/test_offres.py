"""Job offers and matching (docs/offres.md): the doors' rules, the ranking and its reasons, the
pages' writes, the ROME reference list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ConseillerFactory,
    EmployeurFactory,
    EvenementFactory,
    JeuneFactory,
    MiseEnRelationFactory,
    OffreFactory,
    StructureFactory,
)
from trajectoires.accounts.enums import Role
from trajectoires.entreprises import matching, offres as doors, rome
from trajectoires.entreprises.models import MetierRecherche, MiseEnRelation, Offre
from trajectoires.situations.models import Situation
from trajectoires.structures.models import Commune


TODAY = timezone.localdate()
RECENT = TODAY - dt.timedelta(days=20)


# --- The ROME reference list -------------------------------------------------------------------
def test_the_rome_list_is_the_532_fiches_of_rome_4():
    fiches = rome.fiches()
    assert len(fiches) == 532
    assert fiches["M1607"] == "Secrétariat"
    assert all(rome.CODE.match(code) for code in fiches)


@pytest.mark.parametrize(("typed", "expected"), [
    ("M1607", "M1607"), ("m16", "M1601"), ("secr", "M1607"), ("SÉCRÉTARIAT", "M1607"), ("boulang", "D1102"),
])
def test_the_rome_search_finds_by_code_or_by_the_start_of_words(typed, expected):
    assert expected in [code for code, _ in rome.search(typed)]


def test_an_unknown_rome_code_is_never_shown_bare():
    assert rome.display("M1607") == "M1607 – Secrétariat"
    assert rome.display("Z9999") == "Code ROME inconnu (Z9999)"
    assert rome.search("") == [] and rome.search("zzzzqq") == []


# --- Doors ---------------------------------------------------------------------------------------
@pytest.fixture
def ml(db):  # type: ignore[no-untyped-def]
    structure = StructureFactory(code="25056S00")
    for code, nom, epci in (("25056", "Besançon", "Grand Besançon Métropole"),
                            ("25467", "Pouilley-les-Vignes", "Grand Besançon Métropole"),
                            ("25434", "Ornans", "Loue-Lison")):
        Commune.objects.create(structure=structure, ext_id=code, nom=nom, epci=epci, secteur="")
    return structure


def _data(employeur, **kwargs):  # type: ignore[no-untyped-def]
    data = {"employeur": employeur, "intitule": "Secrétaire", "rome": "M1607", "type_contrat": "cdd",
            "commune": "25056", "niveau_requis": None, "permis_requis": False}
    data.update(kwargs)
    return data


def _open_offre(ml, **kwargs):  # type: ignore[no-untyped-def]
    offre = doors.create_offre(ml.pk, _data(EmployeurFactory(structure=ml, commune="25056"), **kwargs), TODAY)
    return doors.publish_offre(offre, TODAY)


def test_an_offer_is_created_as_a_draft_then_published_then_closed(ml):
    offre = doors.create_offre(ml.pk, _data(EmployeurFactory(structure=ml)), TODAY)
    assert (offre.statut, offre.origine, offre.date_publication) == ("brouillon", "equipe", TODAY)
    assert not doors.is_open(offre, TODAY)
    offre = doors.publish_offre(offre, TODAY)
    assert Offre.objects.get(pk=offre.pk).statut == "publiee" and doors.is_open(offre, TODAY)
    with pytest.raises(ValidationError, match="déjà publiée"):
        doors.publish_offre(offre, TODAY)
    offre = doors.close_offre(offre, TODAY)
    stored = Offre.objects.get(pk=offre.pk)
    assert (stored.statut, stored.date_cloture) == ("cloturee", TODAY)
    assert not doors.is_open(stored, TODAY)


def test_an_offer_refuses_an_employer_of_another_mission_locale_and_an_unknown_rome_code(ml):
    other = EmployeurFactory(structure=StructureFactory())
    with pytest.raises(ValidationError, match="employeur de votre Mission Locale"):
        doors.create_offre(ml.pk, _data(other), TODAY)
    with pytest.raises(ValidationError, match="n'est pas une fiche métier"):
        doors.create_offre(ml.pk, _data(EmployeurFactory(structure=ml), rome="Z9999"), TODAY)
    assert not Offre.objects.exists()


def test_an_offer_past_its_closing_date_is_not_published(ml):
    offre = doors.create_offre(ml.pk, _data(EmployeurFactory(structure=ml)), TODAY - dt.timedelta(days=10))
    doors.update_offre(offre, {**_data(offre.employeur), "date_cloture": TODAY - dt.timedelta(days=1)})
    with pytest.raises(ValidationError, match="date de clôture"):
        doors.publish_offre(offre, TODAY)
    assert Offre.objects.get(pk=offre.pk).statut == "brouillon"


def test_putting_forward_needs_an_open_offer_and_happens_once(ml):
    jeune = JeuneFactory(structure=ml)
    draft = doors.create_offre(ml.pk, _data(EmployeurFactory(structure=ml)), TODAY)
    with pytest.raises(ValidationError, match="n'est pas ouverte"):
        doors.put_forward(draft, jeune, TODAY, TODAY)
    offre = doors.publish_offre(draft, TODAY)
    mise = doors.put_forward(offre, jeune, TODAY, TODAY, note="Motivée")
    assert (mise.resultat, mise.note, mise.situation) == ("en_cours", "Motivée", None)
    with pytest.raises(ValidationError, match="déjà mis"):
        doors.put_forward(offre, jeune, TODAY, TODAY)
    with pytest.raises(ValidationError, match="pas suivi par la Mission Locale"):
        doors.put_forward(offre, JeuneFactory(structure=StructureFactory()), TODAY, TODAY)
    assert MiseEnRelation.objects.count() == 1


def test_a_hire_opens_the_situation_on_the_file_once(ml):
    offre = _open_offre(ml, type_contrat="apprentissage", date_debut=TODAY + dt.timedelta(days=15))
    jeune = JeuneFactory(structure=ml)
    mise = doors.put_forward(offre, jeune, TODAY, TODAY)
    mise = doors.record_result(mise, "en_cours", TODAY, date_entretien=TODAY + dt.timedelta(days=3))
    assert mise.date_entretien == TODAY + dt.timedelta(days=3) and not Situation.objects.exists()
    mise = doors.record_result(mise, "retenu", TODAY)
    situation = Situation.objects.get(jeune=jeune)
    assert (situation.categorie, situation.type, situation.employeur, situation.date_debut, situation.date_fin) == (
        "alternance", "apprentissage", offre.employeur, offre.date_debut, None)
    assert MiseEnRelation.objects.get(pk=mise.pk).situation == situation
    doors.record_result(mise, "retenu", TODAY, note="Début confirmé")  # no second situation
    assert Situation.objects.filter(jeune=jeune).count() == 1
    with pytest.raises(ValidationError, match="terminez la situation"):
        doors.record_result(mise, "abandon", TODAY)


def test_a_hire_starts_on_the_given_date_else_today(ml):
    offre = _open_offre(ml, type_contrat="cdi")
    mise = doors.put_forward(offre, JeuneFactory(structure=ml), TODAY, TODAY)
    doors.record_result(mise, "retenu", TODAY, date_embauche=TODAY + dt.timedelta(days=7))
    assert Situation.objects.get().date_debut == TODAY + dt.timedelta(days=7)
    assert Situation.objects.get().categorie == "emploi"


def test_the_wished_jobs_are_replaced_in_one_gesture(ml):
    jeune = JeuneFactory(structure=ml)
    doors.set_metiers_recherches(jeune, ["M1607", "g1603", "M1607", ""])
    assert sorted(MetierRecherche.objects.filter(jeune=jeune).values_list("rome", flat=True)) == ["G1603", "M1607"]
    doors.set_metiers_recherches(jeune, ["G1603"])
    assert list(MetierRecherche.objects.filter(jeune=jeune).values_list("rome", flat=True)) == ["G1603"]
    with pytest.raises(ValidationError):
        doors.set_metiers_recherches(jeune, ["Z9999"])
    with pytest.raises(ValidationError, match="au plus"):
        doors.set_metiers_recherches(jeune, ["A1101", "A1201", "A1202", "A1203", "A1204", "A1205"])


# --- Matching ------------------------------------------------------------------------------------
def _jeune(ml, commune="25056", contact=RECENT, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("niveau", "iv")
    kwargs.setdefault("permis_b", None)
    kwargs.setdefault("vehicule", None)
    jeune = JeuneFactory(structure=ml, commune=commune, **kwargs)
    if contact is not None:
        EvenementFactory(jeune=jeune, date=contact, honore=True)
    return jeune


def test_matching_ranks_by_wished_job_then_distance_and_says_why(communes_france, ml):
    offre = _open_offre(ml, niveau_requis="v")
    same_commune = _jeune(ml, nom="Commune")
    same_epci = _jeune(ml, commune="25467", nom="Epci")
    same_dep = _jeune(ml, commune="25434", nom="Departement")
    elsewhere = _jeune(ml, commune="69123", nom="Ailleurs")
    wants_it = _jeune(ml, commune="25434", nom="Metier")
    doors.set_metiers_recherches(wants_it, ["M1607"])
    rows = matching.propose(offre, TODAY).rows
    assert [r.jeune for r in rows] == [wants_it, same_commune, same_epci, same_dep, elsewhere]
    reasons = {r.jeune.nom: r.raisons for r in rows}
    assert reasons["Metier"][0] == "Recherche ce métier : M1607 – Secrétariat"
    assert "Habite la commune du poste (Besançon)" in reasons["Commune"]
    assert "Habite l'intercommunalité du poste (Grand Besançon Métropole) : Pouilley-les-Vignes" in reasons["Epci"]
    assert "Habite le département du poste : Ornans" in reasons["Departement"]
    assert "Habite hors du département du poste (Lyon) : mobilité à vérifier" in reasons["Ailleurs"]
    assert "Niveau IV (baccalauréat) : au-dessus du niveau V demandé" in reasons["Commune"]
    assert any(r.startswith("Suivi actif : dernier contact le ") for r in reasons["Commune"])


def test_matching_rules_out_a_lower_level_no_licence_the_inactive_and_those_already_put_forward(ml):
    offre = _open_offre(ml, niveau_requis="iv", permis_requis=True)
    fits = _jeune(ml, permis_b=True, niveau="iii")
    unknown = _jeune(ml, permis_b=None, niveau=None)
    _jeune(ml, niveau="v", permis_b=True)  # level below
    _jeune(ml, permis_b=False)  # no licence
    _jeune(ml, permis_b=True, contact=TODAY - dt.timedelta(days=500))  # not seen for more than 12 months
    _jeune(ml, permis_b=True, contact=None)  # never seen
    missed = _jeune(ml, permis_b=True, contact=None)
    EvenementFactory(jeune=missed, date=RECENT, honore=False)  # a missed appointment is not a contact
    already = _jeune(ml, permis_b=True)
    doors.put_forward(offre, already, TODAY, TODAY)
    _jeune(StructureFactory(), permis_b=True)  # another Mission Locale
    rows = matching.propose(offre, TODAY).rows
    assert [r.jeune for r in rows] == [fits, unknown]
    assert "Titulaire du permis B, exigé par l'offre" in rows[0].raisons
    assert "Permis B non renseigné : à vérifier (exigé par l'offre)" in rows[1].raisons
    assert "Niveau de formation non renseigné : à vérifier (niveau IV demandé)" in rows[1].raisons


def test_matching_counts_licence_and_vehicle_and_breaks_ties_by_the_latest_contact(ml):
    offre = _open_offre(ml)
    seen_long_ago = _jeune(ml, contact=TODAY - dt.timedelta(days=200))
    seen_lately = _jeune(ml, contact=TODAY - dt.timedelta(days=2))
    mobile = _jeune(ml, permis_b=True, vehicule="automobile", contact=TODAY - dt.timedelta(days=300))
    rows = matching.propose(offre, TODAY).rows
    assert [r.jeune for r in rows] == [mobile, seen_lately, seen_long_ago]
    assert rows[0].score == rows[1].score + matching.POINTS["permis"] + matching.POINTS["vehicule"]
    assert "Dispose d'un véhicule : automobile" in rows[0].raisons


def test_the_activity_window_is_the_portfolio_setting(ml, settings):
    offre = _open_offre(ml)
    jeune = _jeune(ml, contact=TODAY - dt.timedelta(days=100))
    settings.TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS = 3
    assert matching.propose(offre, TODAY).rows == []
    settings.TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS = 6
    assert [r.jeune for r in matching.propose(offre, TODAY).rows] == [jeune]


def test_a_young_person_is_proposed_the_open_offers_that_fit(ml):
    jeune = _jeune(ml, niveau="v", permis_b=False)
    doors.set_metiers_recherches(jeune, ["G1603"])
    wanted = _open_offre(ml, rome="G1603", intitule="Commis de cuisine")
    near = _open_offre(ml, intitule="Secrétaire")
    _open_offre(ml, niveau_requis="iv", intitule="Trop haut")
    _open_offre(ml, permis_requis=True, intitule="Permis")
    draft = doors.create_offre(ml.pk, _data(EmployeurFactory(structure=ml), intitule="Brouillon"), TODAY)
    closed = doors.close_offre(_open_offre(ml, intitule="Close"), TODAY - dt.timedelta(days=1))
    already = _open_offre(ml, intitule="Déjà")
    doors.put_forward(already, jeune, TODAY, TODAY)
    found = matching.offres_pour(jeune, TODAY)
    assert [o.offre for o in found] == [wanted, near]
    assert found[0].raisons[0] == "Recherche ce métier : G1603 – Personnel polyvalent en restauration"
    assert draft not in [o.offre for o in found] and closed not in [o.offre for o in found]


# --- Pages ---------------------------------------------------------------------------------------
def test_the_offer_page_proposes_young_people_employer_relations_cannot_see_yet(client, world):
    user = world.user(Role.RELATIONS_ENTREPRISES)
    offre = OffreFactory(employeur=EmployeurFactory(structure=world.structure), statut="publiee", commune="25056")
    jeune = world.jeunes["autre"]
    EvenementFactory(jeune=jeune, date=RECENT, honore=True)
    client.force_login(user)
    page = client.get(reverse("workspace:offre", args=[offre.pk])).content.decode()
    assert "AUTRE Test" in page
    assert reverse("workspace:jeune", args=[jeune.pk]) not in page  # not in their scope: no link
    assert client.get(reverse("workspace:jeune", args=[jeune.pk])).status_code == 404
    response = client.post(reverse("workspace:offre_mise_en_relation", args=[offre.pk]), {"jeune": jeune.pk})
    mise = MiseEnRelation.objects.get(offre=offre, jeune=jeune)
    assert response["Location"] == reverse("workspace:mise_en_relation", args=[mise.pk])
    assert client.get(reverse("workspace:jeune", args=[jeune.pk])).status_code == 200  # now in scope


def test_recording_a_hire_on_the_page_opens_the_situation(client, world):
    mise = MiseEnRelationFactory(offre__employeur__structure=world.structure, jeune=world.jeunes["suivi"],
                                 date=RECENT)
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    response = client.post(reverse("workspace:mise_en_relation", args=[mise.pk]),
                           {"resultat": "retenu", "date_embauche": TODAY.isoformat(), "note": "CDD signé"})
    assert response.status_code == 302
    mise.refresh_from_db()
    assert (mise.resultat, mise.note, mise.situation.date_debut, mise.situation.type) == (
        "retenu", "CDD signé", TODAY, "cdd")
    page = client.get(response["Location"]).content.decode()
    assert "est ouverte sur le dossier" in page


def test_the_offer_form_creates_a_draft_with_every_field(client, world):
    employeur = EmployeurFactory(structure=world.structure)
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    response = client.post(reverse("workspace:offre_nouvelle"), {
        "intitule": "Vendeur", "employeur": employeur.pk, "rome": "D1106", "type_contrat": "cdi",
        "heures_hebdo": "24,5", "commune": "25056", "lieu": "Centre-ville", "postes": "2",
        "date_debut": (TODAY + dt.timedelta(days=30)).isoformat(),
        "date_cloture": (TODAY + dt.timedelta(days=20)).isoformat(), "description": "Vente en magasin",
        "niveau_requis": "v", "permis_requis": "on", "publique": "on",
    })
    offre = Offre.objects.get(intitule="Vendeur")
    assert response["Location"] == reverse("workspace:offre", args=[offre.pk])
    assert (offre.statut, offre.rome, str(offre.heures_hebdo), offre.commune, offre.postes, offre.niveau_requis,
            offre.permis_requis, offre.publique, offre.employeur) == (
        "brouillon", "D1106", "24.5", "25056", 2, "v", True, True, employeur)


def test_the_offer_form_refuses_an_employer_of_another_mission_locale(client, world):
    other = EmployeurFactory(structure=world.other_structure)
    client.force_login(world.user(Role.DIRECTION))
    response = client.post(reverse("workspace:offre_nouvelle"), {
        "intitule": "Vendeur", "employeur": other.pk, "type_contrat": "cdi"})
    assert response.status_code == 200
    assert "Choisissez un employeur de votre Mission Locale" in response.content.decode()
    assert not Offre.objects.filter(intitule="Vendeur").exists()


def test_the_offers_list_filters_counts_and_pages(client, world):
    employeur = EmployeurFactory(structure=world.structure, raison_sociale="Boulangerie Martin")
    for i in range(55):
        OffreFactory(employeur=employeur, statut="publiee", intitule=f"Offre {i}")
    OffreFactory(employeur=employeur, statut="brouillon", intitule="Brouillon", rome="M1607")
    OffreFactory(employeur=EmployeurFactory(structure=world.other_structure), intitule="Ailleurs")
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("workspace:offres")).content.decode()
    # The world's Mission Locale has one offer already (its match's).
    assert "57 offres en tout." in page and "Page 1 sur 2" in page and "Ailleurs" not in page
    page = client.get(reverse("workspace:offres") + "?statut=brouillon").content.decode()
    assert "1 offre sur 57 pour ces critères." in page and "Brouillon" in page
    page = client.get(reverse("workspace:offres") + "?rome=secr").content.decode()
    assert "1 offre sur 57" in page
    page = client.get(reverse("workspace:offres") + "?employeur=zzz").content.decode()
    assert "Aucune offre pour ces critères" in page


def test_the_wished_jobs_page_writes_through_the_door(client, world):
    jeune = world.jeunes["portefeuille"]
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:metiers_recherches", args=[jeune.pk]),
                           {"metier_0": "M1607", "metier_1": "Z9999"})
    assert response.status_code == 200 and not MetierRecherche.objects.exists()
    client.post(reverse("workspace:metiers_recherches", args=[jeune.pk]), {"metier_0": "M1607"})
    assert list(MetierRecherche.objects.values_list("jeune", "rome")) == [(jeune.pk, "M1607")]
    assert "M1607 – Secrétariat" in client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()


def test_the_rome_type_ahead_answers_options(client, world):
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    html = client.get(reverse("workspace:rome"), {"rome_recherche": "secr", "cible": "rome"}).content.decode()
    assert '<option value="M1607">M1607 – Secrétariat</option>' in html
    assert "métiers trouvés pour « secr »" in html


def test_a_counsellor_without_a_counsellor_row_still_puts_forward(client, world):
    ConseillerFactory(structure=world.structure)
    offre = OffreFactory(employeur=EmployeurFactory(structure=world.structure), statut="publiee")
    client.force_login(world.user(Role.DIRECTION))
    client.post(reverse("workspace:offre_mise_en_relation", args=[offre.pk]), {"jeune": world.jeunes["autre"].pk})
    assert MiseEnRelation.objects.filter(offre=offre, conseiller=None).count() == 1
