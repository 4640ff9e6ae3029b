"""Reaching the young person (issue 12, part 1): phone, e-mail, postal address with the commune
type-ahead, consents with their date, legal representative; who reads them, the journal, the
subject export, retention and the convocation letters."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommuneFactory, EvenementFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import CONTACT_FIELDS, PHONE_EMAIL_FIELDS, profile_fields
from trajectoires.jeunes.adresses import address_lines
from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import PROFILE_EDITABLE, snapshot, update_profile
from trajectoires.rgpd.audit import MASK
from trajectoires.rgpd.export import export_zip
from trajectoires.rgpd.models import AuditEntry
from trajectoires.rgpd.retention import Echeance, anonymise
from trajectoires.structures import communes
from trajectoires.utils.phones import InvalidPhone, format_phone, parse_phone
from trajectoires.workspace.dossier import make_token
from trajectoires.workspace.dossier_forms import ProfilForm


pytestmark = pytest.mark.usefixtures("communes_france")

CONTACT = {
    "telephone": "+33612345678", "email": "zoe.lefevre@exemple.fr", "adresse": "12 rue de la République",
    "complement_adresse": "Bâtiment B", "code_postal": "25000", "commune": "25056",
    "representant_legal_nom": "Marie Lefèvre", "representant_legal_telephone": "+33381000000",
}


@pytest.fixture
def joignable(world):
    jeune = world.jeunes["portefeuille"]
    for name, value in CONTACT.items():
        setattr(jeune, name, value)
    jeune.consentement_sms = True
    jeune.consentement_sms_date = dt.date(2025, 3, 3)
    jeune.save()
    return jeune


# --- Validation -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("06 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "+33612345678", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("0033 3 81 00 00 00", "+33381000000", "03 81 00 00 00"),
        ("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958"),
        ("0032 470 12 34 56", "+32470123456", "+32 470 12 34 56"),
        ("+262 692 12 34 56", "+262692123456", "+262 692 12 34 56"),
        ("", "", ""),
    ],
)
def test_phone_numbers_french_and_international(typed, stored, shown):
    assert parse_phone(typed) == stored
    assert format_phone(stored) == shown


@pytest.mark.parametrize("typed", ["06 12 34 56", "12", "pas de téléphone", "+33 6 12", "+999 123"])
def test_bad_phone_numbers_are_refused_in_french(typed):
    with pytest.raises(InvalidPhone, match="n'est pas un numéro de téléphone"):
        parse_phone(typed)


def _form(world, jeune, **data):  # type: ignore[no-untyped-def]
    fields = PROFILE_EDITABLE
    values = {**snapshot(jeune, fields), **data}
    return ProfilForm(values, structure_id=world.structure.pk, fields=fields, jeune=jeune)


def test_the_profile_form_validates_contact_details(world):
    jeune = world.jeunes["portefeuille"]
    form = _form(world, jeune, telephone="06 12 34 56", email="zoe@", code_postal="2500", commune="99999")
    assert not form.is_valid()
    assert "n'est pas un numéro de téléphone valide" in form.errors["telephone"][0]
    assert "adresse électronique n'est pas valide" in form.errors["email"][0]
    assert "5 chiffres" in form.errors["code_postal"][0]
    assert "Choisissez la commune dans la liste" in form.errors["commune"][0]


def test_the_postcode_must_be_one_of_the_communes_and_is_filled_in_when_it_has_one(world):
    jeune = world.jeunes["portefeuille"]
    form = _form(world, jeune, commune="25056", code_postal="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code_postal"] == "25000"
    form = _form(world, jeune, commune="25056", code_postal="39100")
    assert not form.is_valid()
    assert "39100 n'est pas un code postal de cette commune (25000)" in form.errors["code_postal"][0]
    form = _form(world, jeune, commune="75056", code_postal="")  # Paris: several, the user types it
    assert form.is_valid() and form.cleaned_data["code_postal"] == ""
    form = _form(world, jeune, telephone="+44 20 7946 0958", email=" Zoe.Lefevre@Exemple.FR ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["telephone"] == "+442079460958"
    assert form.cleaned_data["email"] == "zoe.lefevre@exemple.fr"


def test_consent_is_dated_by_the_door_when_the_answer_changes(world):
    jeune = world.jeunes["portefeuille"]
    fields = ("consentement_sms", "consentement_email", "telephone")
    depart = snapshot(jeune, fields)
    result = update_profile(jeune.pk, jeune.version, depart,
                            {"consentement_sms": True, "consentement_email": None, "telephone": "+33612345678"})
    assert result.saved
    jeune.refresh_from_db()
    assert jeune.consentement_sms is True and jeune.consentement_sms_date == timezone.localdate()
    assert jeune.consentement_email is None and jeune.consentement_email_date is None
    # Saving the same answer again keeps the day it was given.
    Jeune.objects.filter(pk=jeune.pk).update(consentement_sms_date=dt.date(2025, 1, 2))
    jeune.refresh_from_db()
    update_profile(jeune.pk, jeune.version, snapshot(jeune, fields),
                   {"consentement_sms": True, "consentement_email": False, "telephone": "+33612345678"})
    jeune.refresh_from_db()
    assert jeune.consentement_sms_date == dt.date(2025, 1, 2)
    assert jeune.consentement_email is False and jeune.consentement_email_date == timezone.localdate()


def test_the_profile_page_saves_contact_details(client, world):
    jeune = world.jeunes["portefeuille"]
    client.force_login(world.user(Role.CONSEILLER))
    data = {**snapshot(jeune, PROFILE_EDITABLE), "jeton": make_token(jeune, PROFILE_EDITABLE),
            "telephone": "06 12 34 56 78", "consentement_sms": "1", "email": "zoe@exemple.fr",
            "adresse": "12 rue de la République", "commune": "25056", "code_postal": ""}
    response = client.post(reverse("workspace:profil", args=[jeune.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    jeune.refresh_from_db()
    assert (jeune.telephone, jeune.code_postal, jeune.commune) == ("+33612345678", "25000", "25056")
    assert jeune.consentement_sms_date == timezone.localdate()
    page = client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()
    assert '<a href="tel:+33612345678">06 12 34 56 78</a>' in page
    assert "12 rue de la République<br>25000 Besançon" in page
    assert f"Oui (réponse du {timezone.localdate():%d/%m/%Y})" in page


# --- The commune: type-ahead, never a bare code ---------------------------------------------
def test_the_type_ahead_searches_the_territory_first_then_france(world):
    CommuneFactory(structure=world.structure, ext_id="25527", nom="Saint-Vit")
    found = communes.search(world.structure.pk, "saint v")
    assert found[0].code == "25527" and found[0].territoire and found[0].label == "Saint-Vit (25410)"
    assert all(not o.territoire for o in found[1:]) and len(found) > 5  # Saint-Valery, Saint-Vallier…
    assert communes.search(world.structure.pk, "st vit")[0].code == "25527"
    besancon = communes.search(world.structure.pk, "besan")
    assert [(o.code, o.label) for o in besancon] == [("25056", "Besançon (25000)")]
    by_postcode = communes.search(world.structure.pk, "25000")
    assert "25056" in [o.code for o in by_postcode]
    assert communes.search(world.structure.pk, "lyon")[0].label.startswith("Lyon (69001 à 69009)")
    assert communes.search(world.structure.pk, "b") == []


def test_the_type_ahead_endpoint_keeps_the_current_choice_first(client, world):
    client.force_login(world.user(Role.ACCUEIL))
    response = client.get(reverse("workspace:communes"), {"commune_recherche": "ornans", "commune": "25056"},
                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('<option value="25056" selected>Besançon (25000)</option>') < html.index("Ornans (25290, 25620)")
    assert "1 commune trouvée pour « ornans »" in html
    assert "Autres communes de France" in html


def test_the_file_names_the_commune_with_its_postcode(client, world):
    jeune = world.jeunes["autre"]
    jeune.commune = "39097"  # outside the territory: Champagnole, from the national list
    jeune.save()
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()
    assert "Champagnole (39300)" in page
    assert communes.label("99999") == "Commune inconnue de la liste nationale (code INSEE 99999)"


# --- Who reads them ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "key", "phone", "address", "representative"),
    [
        (Role.DIRECTION, "filleul", True, True, True),
        (Role.CONSEILLER, "autre", True, True, True),
        (Role.ACCUEIL, "autre", True, True, True),  # to call, and to print convocations
        (Role.RELATIONS_ENTREPRISES, "candidat", True, False, False),
        (Role.REPERAGE, "repere", True, False, False),
        (Role.PARRAIN, "filleul", False, False, False),  # issue 14: what the young person shares
    ],
)
def test_contact_details_follow_the_role_field_sets(client, world, role, key, phone, address, representative):
    jeune = world.jeunes[key]
    for name, value in CONTACT.items():
        setattr(jeune, name, value)
    jeune.date_naissance = timezone.localdate().replace(year=timezone.localdate().year - 17) - dt.timedelta(days=3)
    jeune.save()
    fields = set(profile_fields(world.user(role), jeune))
    assert ("telephone" in fields) is phone and ("email" in fields) is phone
    assert ("adresse" in fields) is address and ("code_postal" in fields) is address
    assert ("representant_legal_nom" in fields) is representative
    client.force_login(world.user(role))
    page = client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()
    assert ("06 12 34 56 78" in page) is phone
    assert ("zoe.lefevre@exemple.fr" in page) is phone
    assert ("12 rue de la République" in page) is address
    assert ("Marie Lefèvre" in page) is representative
    assert "+33612345678" not in page or phone  # the E.164 form only in the tel: link


def test_the_field_sets_hold_every_contact_field():
    from trajectoires.accounts.perms import PROFILE_FIELDS, FieldSet

    assert set(CONTACT_FIELDS) <= set(PROFILE_FIELDS[FieldSet.FULL])
    assert set(CONTACT_FIELDS) <= set(PROFILE_FIELDS[FieldSet.IDENTITY])
    assert set(PHONE_EMAIL_FIELDS) <= set(PROFILE_FIELDS[FieldSet.MATCH])
    assert not set(CONTACT_FIELDS) & set(PROFILE_FIELDS[FieldSet.MENTORING])


def test_reception_fills_contact_details_when_creating_a_file(client, world):
    client.force_login(world.user(Role.ACCUEIL))
    born = timezone.localdate().replace(year=timezone.localdate().year - 20)
    response = client.post(reverse("workspace:jeune_nouveau"), {
        "nom": "Nouvelle", "prenom": "Inès", "sexe": "f", "date_naissance": born.isoformat(),
        "telephone": "07 81 22 33 44", "consentement_email": "0", "email": "ines@exemple.fr",
        "commune": "25056", "adresse": "3 place Granvelle", "confirmer": "1",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    jeune = Jeune.objects.get(nom="Nouvelle")
    assert (jeune.telephone, jeune.code_postal) == ("+33781223344", "25000")
    assert jeune.consentement_email is False and jeune.consentement_email_date == timezone.localdate()


# --- Journal, subject export, retention, convocations ------------------------------------------
def test_the_journal_says_contact_details_changed_never_what_they_are(world, joignable):
    entry = AuditEntry.objects.filter(jeune_ref=joignable.pk, action=AuditEntry.Action.UPDATE).latest("pk")
    for name in ("telephone", "email", "adresse", "complement_adresse", "code_postal", "representant_legal_nom",
                 "representant_legal_telephone"):
        assert entry.changes[name] == [MASK, MASK], name
    assert "+33612345678" not in json.dumps(entry.changes) and "République" not in entry.changes_text


def test_the_subject_export_holds_the_contact_details(world, joignable):
    with zipfile.ZipFile(io.BytesIO(export_zip(joignable))) as z:
        data = json.loads(z.read("donnees.json"))
        csv_text = z.read("jeune.csv").decode("utf-8-sig")
    for name, value in CONTACT.items():
        assert data["jeune"][name] == value
    assert data["jeune"]["consentement_sms"] is True and data["jeune"]["consentement_sms_date"] == "2025-03-03"
    assert "adresse électronique" in csv_text and "zoe.lefevre@exemple.fr" in csv_text


def test_retention_clears_the_contact_details(world, joignable):
    anonymise(world.structure, [Echeance(joignable.pk, joignable.ext_id, "", None, None, None,
                                         dt.date(2025, 6, 30), "test")])
    joignable.refresh_from_db()
    for name in CONTACT:
        if name != "commune":  # the report reads the commune: kept
            assert getattr(joignable, name) == "", name
    assert joignable.commune == "25056"


def test_convocation_letters_carry_the_postal_address(world, joignable):
    from pypdf import PdfReader

    from trajectoires.agenda import services
    from trajectoires.agenda.pdf import render_convocations
    from trajectoires.structures.models import Site

    site = Site.objects.create(structure=world.structure, ext_id="planoise", nom="Planoise", type="site")
    session = services.create_session(world.structure.pk, {
        "type": "atelier", "theme": "CV", "debut": timezone.now() + dt.timedelta(days=3), "site": site,
        "capacite": 5})
    services.register(session, joignable)
    assert address_lines(joignable, upper=True) == ("12 rue de la République", "Bâtiment B", "25000 BESANÇON")
    pdf = render_convocations(session, session.participations.select_related("jeune"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "12 rue de la République" in text and "Bâtiment B" in text and "25000 BESANÇON" in text


def test_contact_details_are_not_in_the_interchange_export(world, joignable, tmp_path):
    from trajectoires.interchange.exporter import export_dataset

    EvenementFactory(jeune=joignable, date=dt.date(2025, 2, 3))
    export_dataset(world.structure, tmp_path / "export")
    header = (tmp_path / "export" / "jeunes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "telephone" not in header and "email" not in header and "adresse" not in header
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "export").glob("*.csv"))
    assert "+33612345678" not in text and "République" not in text
