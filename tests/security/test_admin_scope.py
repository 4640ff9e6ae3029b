"""The admin site is limited to the administrator's Mission Locale (issue 18, finding 1;
docs/securite.md, "Le site d'administration").

Two parts:
- regression tests, one per attack of the finding: a superuser administrator of one Mission
  Locale listing the others' users, counsellors, editions and survey answers, opening their
  pages, creating an API token for someone else, and token creation or revocation left out of
  the journal;
- the admin access matrix: role × registered model × view (list, add, change of a row of the
  administrator's Mission Locale, change of another Mission Locale's row), from one table; a
  model registered in the admin without its rows fails `test_every_admin_model_has_its_rows`.

The world: tests/workspace/conftest.py (Besançon, every role; Jura, another Mission Locale)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    CommuneFactory,
    ConseillerFactory,
    DispositifFactory,
    ManifestationFactory,
    QpvFactory,
    ReponseSatisfactionFactory,
    SiteFactory,
    UserFactory,
)
from tests.workspace.conftest import World
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller, User
from trajectoires.agenda.models import Salle
from trajectoires.aides.models import PlafondAide
from trajectoires.api.models import ApiToken
from trajectoires.edition.models import Edition, PageLibre
from trajectoires.manifestations.models import Manifestation
from trajectoires.rgpd.models import AuditEntry


TOKEN_CREATED = "Jeton d'API créé"
TOKEN_REVOKED = "Jeton d'API révoqué"


# --- The two Mission Locales' rows -------------------------------------------------------------
@dataclass
class AdminWorld:
    world: World
    admin: User  # the structure administrator of Besançon: role administrateur, is_staff, is_superuser
    jura_user: User  # a user of the other Mission Locale
    own: dict[str, Model]  # model label -> a row of Besançon (or of the shared reference tables)
    other: dict[str, Model]  # model label -> a row of the Jura (absent for shared tables)


def _superuser(user: User) -> User:
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _edition(structure, titre: str) -> Edition:  # type: ignore[no-untyped-def]
    return Edition.objects.create(
        structure=structure,
        debut=dt.date(2025, 1, 1),
        fin=dt.date(2025, 12, 31),
        titre=titre,
        status="done",
        # The frozen report: figures, and what a drill-down or a free page could hold.
        rapport={"sentinelle": "CHIFFRE-SECRET-4242", "jeunes": ["Portefeuille Test"]},
        contexte={"pages": ["CONTEXTE-SECRET"]},
        error="ERREUR-SECRETE",
    )


def _axes(model, username: str, **extra) -> Model:  # type: ignore[no-untyped-def]
    return model.objects.create(
        username=username, ip_address="192.0.2.10", user_agent="navigateur", http_accept="*/*",
        path_info="/connexion/", **extra,
    )


@pytest.fixture
def aw(world: World) -> AdminWorld:
    ml, jura = world.structure, world.other_structure
    admin_user = _superuser(world.user(Role.ADMINISTRATEUR))
    direction = world.user(Role.DIRECTION)
    jura_user = UserFactory(username="jura-direction", last_name="Jurassien", structure=jura, role=Role.DIRECTION)
    jura_conseiller = ConseillerFactory(structure=jura, nom="Comtois", prenom="Léon", user=jura_user)
    own_site, jura_site = SiteFactory(structure=ml, nom="Site Planoise"), SiteFactory(structure=jura, nom="Site Dole")
    own: dict[str, Model] = {
        "structures.structure": ml,
        "structures.commune": CommuneFactory(structure=ml, ext_id="25056", nom="Besançon-ville"),
        "structures.site": own_site,
        "agenda.salle": Salle.objects.create(structure=ml, site=own_site, nom="Bureau Planoise"),
        "structures.qpv": QpvFactory(nom="Quartier partagé"),
        "accounts.user": direction,
        "accounts.conseiller": Conseiller.objects.get(user=world.user(Role.CONSEILLER)),
        "dispositifs.dispositif": DispositifFactory(structure=ml, nom="Dispositif Besançon"),
        "aides.plafondaide": PlafondAide.objects.order_by("pk").first(),
        "manifestations.manifestation": ManifestationFactory(structure=ml, titre="Forum Besançon"),
        "satisfaction.reponsesatisfaction": ReponseSatisfactionFactory(
            structure=ml, question="Accueil Besançon", repondant="REPONDANT-BESANCON"
        ),
        "edition.edition": _edition(ml, "Rapport Besançon 2025"),
        "edition.pagelibre": PageLibre.objects.create(structure=ml, title="Édito Besançon", text="Texte."),
        "api.apitoken": ApiToken.issue(direction, "jeton Besançon")[0],
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=direction, name="téléphone Besançon", confirmed=True),
        "axes.accessattempt": _axes(AccessAttempt, direction.username, get_data="", post_data="",
                                    failures_since_start=2),
        "axes.accesslog": _axes(AccessLog, direction.username),
        "axes.accessfailurelog": _axes(AccessFailureLog, direction.username, locked_out=False),
    }
    other: dict[str, Model] = {
        "structures.structure": jura,
        "structures.commune": CommuneFactory(structure=jura, ext_id="39198", nom="Dole-ville"),
        "structures.site": jura_site,
        "agenda.salle": Salle.objects.create(structure=jura, site=jura_site, nom="Bureau Dole"),
        "accounts.user": jura_user,
        "accounts.conseiller": jura_conseiller,
        "dispositifs.dispositif": DispositifFactory(structure=jura, nom="Dispositif Jura"),
        "manifestations.manifestation": ManifestationFactory(structure=jura, titre="Forum Jura"),
        "satisfaction.reponsesatisfaction": ReponseSatisfactionFactory(
            structure=jura, question="Accueil Jura", repondant="REPONDANT-JURA"
        ),
        "edition.edition": _edition(jura, "Rapport Jura 2025"),
        "edition.pagelibre": PageLibre.objects.create(structure=jura, title="Édito Jura", text="Texte."),
        "api.apitoken": ApiToken.issue(jura_user, "jeton Jura")[0],
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=jura_user, name="téléphone Jura", confirmed=True),
        "axes.accessattempt": _axes(AccessAttempt, jura_user.username, get_data="", post_data="",
                                    failures_since_start=2),
        "axes.accesslog": _axes(AccessLog, jura_user.username),
        "axes.accessfailurelog": _axes(AccessFailureLog, jura_user.username, locked_out=False),
    }
    return AdminWorld(world, admin_user, jura_user, own, other)


def _network_admin() -> User:
    return UserFactory(
        username="reseau", structure=None, role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True,
        administrateur_reseau=True,
    )


def _url(label: str, view: str, obj: Model | None = None) -> str:
    app, model = label.split(".")
    if view == "changelist":
        return reverse(f"admin:{app}_{model}_changelist")
    if view == "add":
        return reverse(f"admin:{app}_{model}_add")
    assert obj is not None
    return reverse(f"admin:{app}_{model}_{view}", args=[obj.pk])


def _logged(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# --- Regression tests: the attacks of the finding ----------------------------------------------
@pytest.mark.parametrize(
    ("label", "own_text", "other_text"),
    [
        ("accounts.user", "u-direction", "jura-direction"),
        ("accounts.conseiller", "Martin", "Comtois"),
        ("edition.edition", "Rapport Besançon 2025", "Rapport Jura 2025"),
        ("satisfaction.reponsesatisfaction", "Accueil Besançon", "Accueil Jura"),
    ],
)
def test_a_structure_administrator_lists_only_their_mission_locale(client, aw, label, own_text, other_text):
    response = _logged(client, aw.admin).get(_url(label, "changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert own_text in page
    assert other_text not in page
    assert "Mission Locale du Jura" not in page  # not even in a filter


def test_another_mission_locales_user_cannot_be_opened_nor_changed(client, aw):
    client = _logged(client, aw.admin)
    jura = aw.jura_user
    for view in ("change", "history", "delete"):
        response = client.get(_url("accounts.user", view, jura))
        assert response.status_code == 302 and response["Location"] == reverse("admin:index"), view
    assert client.get(reverse("admin:auth_user_password_change", args=[jura.pk])).status_code == 404
    own = aw.world.user(Role.DIRECTION)
    assert client.get(reverse("admin:auth_user_password_change", args=[own.pk])).status_code == 200
    response = client.post(
        _url("accounts.user", "change", jura),
        {"username": "pirate", "role": Role.ADMINISTRATEUR, "is_active": "on", "is_staff": "on",
         "date_joined_0": "01/01/2025", "date_joined_1": "00:00:00"},
    )
    assert response.status_code in (302, 403)
    jura.refresh_from_db()
    assert (jura.username, jura.role, jura.is_staff) == ("jura-direction", Role.DIRECTION, False)


def test_another_mission_locales_row_looks_like_a_row_that_does_not_exist(client, aw):
    """The admin's "n'existe pas" redirect, the same for another Mission Locale's row and for
    an identifier nobody has: nothing tells them apart."""
    client = _logged(client, aw.admin)
    jura = aw.jura_user
    missing = User.objects.order_by("-pk").first().pk + 1000
    answers = []
    for pk in (jura.pk, missing):
        response = client.get(reverse("admin:accounts_user_change", args=[pk]), follow=True)
        text = [str(m).replace(str(pk), "<id>") for m in response.context["messages"]]
        answers.append((response.redirect_chain, response.status_code, text))
    assert answers[0] == answers[1]
    assert "jura" not in str(answers[0]).lower()


def test_no_token_is_created_for_another_user_in_the_admin(client, aw):
    client = _logged(client, aw.admin)
    colleague = aw.world.user(Role.DIRECTION)
    for owner in (aw.jura_user, colleague):
        before = set(ApiToken.objects.filter(user=owner).values_list("pk", flat=True))
        client.post(
            "/admin/api/apitoken/add/",
            {"user": owner.pk, "nom": f"pour {owner.username}", "expire_le_0": "", "expire_le_1": ""},
        )
        assert set(ApiToken.objects.filter(user=owner).values_list("pk", flat=True)) == before
    # What the form creates is the administrator's own token.
    assert set(ApiToken.objects.filter(nom__startswith="pour ").values_list("user", flat=True)) <= {aw.admin.pk}


def test_token_creation_and_revocation_in_the_admin_are_in_the_journal(client, aw):
    client = _logged(client, aw.admin)
    response = client.post(
        "/admin/api/apitoken/add/", {"nom": "mon tableau de bord", "expire_le_0": "", "expire_le_1": ""}, follow=True
    )
    assert response.status_code == 200
    row = ApiToken.objects.get(nom="mon tableau de bord")
    assert row.user == aw.admin
    token = next(w for m in response.context["messages"] for w in str(m).split() if w.startswith("trj_"))
    created = AuditEntry.objects.get(what=TOKEN_CREATED, object_pk=str(row.pk))
    assert created.actor == aw.admin and created.structure_ref == aw.world.structure.pk
    assert created.remote_addr == "127.0.0.1"
    # The direction's token of the same Mission Locale, revoked by the administrator.
    target = aw.own["api.apitoken"]
    response = client.post(_url("api.apitoken", "change", target), {"revoque": "on"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.revoque
    revoked = AuditEntry.objects.get(what=TOKEN_REVOKED, object_pk=str(target.pk))
    assert revoked.actor == aw.admin and revoked.structure_ref == aw.world.structure.pk
    # Never the token itself in the journal.
    for entry in AuditEntry.objects.all():
        assert token not in f"{entry.object_repr} {entry.changes} {entry.additional_data} {entry.changes_text}"


def test_token_creation_and_revocation_by_the_command_are_in_the_journal(db, aw):
    direction = aw.world.user(Role.DIRECTION)
    out = io.StringIO()
    call_command("jeton_api", direction.username, "--nom", "export", stdout=out, stderr=io.StringIO())
    row = ApiToken.objects.get(nom="export")
    created = AuditEntry.objects.get(what=TOKEN_CREATED, object_pk=str(row.pk))
    assert created.actor is None and created.structure_ref == aw.world.structure.pk
    assert created.additional_data == {"origine": "commande"}
    assert out.getvalue().strip() not in str(created.changes)
    call_command("jeton_api", direction.username, "--revoquer", "export", stderr=io.StringIO())
    row.refresh_from_db()
    assert row.revoque
    assert AuditEntry.objects.filter(what=TOKEN_REVOKED, object_pk=str(row.pk), actor=None).count() == 1


# --- Regression tests: the admin's forms ---------------------------------------------------------
def test_a_structure_administrator_cannot_raise_an_account_above_their_mission_locale(client, aw):
    client = _logged(client, aw.admin)
    direction = aw.world.user(Role.DIRECTION)
    page = client.get(_url("accounts.user", "change", direction)).content.decode()
    assert 'name="is_superuser"' not in page and 'name="administrateur_reseau"' not in page
    assert 'name="structure"' not in page
    response = client.post(
        _url("accounts.user", "change", direction),
        {"username": direction.username, "first_name": "Camille", "last_name": "Directrice", "email": "",
         "role": Role.ADMINISTRATEUR, "is_active": "on", "is_staff": "on", "is_superuser": "on",
         "administrateur_reseau": "on", "structure": aw.world.other_structure.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    direction.refresh_from_db()
    assert direction.role == Role.ADMINISTRATEUR and direction.is_staff  # what they may change
    assert not direction.is_superuser
    assert not getattr(direction, "administrateur_reseau", False)
    assert direction.structure == aw.world.structure


def test_a_new_account_or_row_is_created_in_the_administrators_mission_locale(client, aw):
    client = _logged(client, aw.admin)
    jura = aw.world.other_structure
    response = client.post(
        _url("accounts.user", "add"),
        {"username": "nouvelle", "usable_password": "false", "role": Role.CONSEILLER, "structure": jura.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="nouvelle").structure == aw.world.structure
    response = client.post(
        _url("manifestations.manifestation", "add"),
        {"ext_id": "m-neuve", "date": "01/10/2025", "titre": "Forum neuf", "type": "forum", "structure": jura.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Manifestation.objects.get(ext_id="m-neuve").structure == aw.world.structure


def test_choices_offer_only_the_mission_locales_rows(client, aw):
    client = _logged(client, aw.admin)
    page = client.get(_url("accounts.conseiller", "add")).content.decode()
    assert "Site Planoise" in page and "Site Dole" not in page
    assert "u-direction" in page or "Camille" in page
    assert "jura-direction" not in page and "Jurassien" not in page
    # A Jura site or account named in the POST is refused, not saved.
    response = client.post(
        _url("accounts.conseiller", "add"),
        {"ext_id": "c-neuf", "nom": "Neuf", "prenom": "Jean", "actif": "on",
         "site": aw.other["structures.site"].pk, "user": aw.jura_user.pk},
    )
    assert response.status_code == 200  # the form again, with its errors
    assert not Conseiller.objects.filter(ext_id="c-neuf").exists()


def test_a_row_cannot_be_moved_to_another_mission_locale(client, aw):
    client = _logged(client, aw.admin)
    site = aw.own["structures.site"]
    response = client.post(
        _url("structures.site", "change", site),
        {"ext_id": site.ext_id, "nom": "Site Planoise", "type": "site", "commune": "",
         "structure": aw.world.other_structure.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    site.refresh_from_db()
    assert site.structure == aw.world.structure


def test_the_admin_shows_no_report_data_nor_survey_respondent(client, aw):
    client = _logged(client, aw.admin)
    page = client.get(_url("edition.edition", "change", aw.own["edition.edition"])).content.decode()
    assert "Rapport Besançon 2025" in page
    for secret in ("CHIFFRE-SECRET-4242", "Portefeuille Test", "CONTEXTE-SECRET", "ERREUR-SECRETE"):
        assert secret not in page
    for view, obj in (("changelist", None), ("change", aw.own["satisfaction.reponsesatisfaction"])):
        page = client.get(_url("satisfaction.reponsesatisfaction", view, obj)).content.decode()
        assert "REPONDANT-BESANCON" not in page


def test_the_admin_shows_no_second_factor_key(client, aw):
    client = _logged(client, aw.admin)
    device = aw.own["otp_totp.totpdevice"]
    page = client.get(_url("otp_totp.totpdevice", "change", device)).content.decode()
    assert "téléphone Besançon" in page
    assert device.key not in page and "qrcode" not in page.lower()


def test_reference_tables_are_read_only_for_a_structure_administrator(client, aw):
    client = _logged(client, aw.admin)
    for label in ("structures.qpv", "aides.plafondaide", "structures.structure"):
        obj = aw.own[label]
        assert client.post(_url(label, "change", obj), {}).status_code == 403, label
        assert client.post(_url(label, "delete", obj), {"post": "yes"}).status_code == 403, label
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_superusers_without_the_administrator_role_have_no_admin(client, aw):
    for role in Role:
        if role is Role.ADMINISTRATEUR:
            continue
        user = _superuser(aw.world.user(role))
        response = _logged(Client(), user).get(_url("accounts.user", "changelist"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), role


def test_an_administrator_without_a_mission_locale_sees_nothing(client, db):
    user = UserFactory(username="orphelin", structure=None, role=Role.ADMINISTRATEUR, is_staff=True,
                       is_superuser=True)
    response = _logged(client, user).get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


# --- The network administrator -------------------------------------------------------------------
def test_the_network_administrator_sees_every_mission_locale(client, aw):
    client = _logged(client, _network_admin())
    page = client.get(_url("accounts.user", "changelist")).content.decode()
    assert "u-direction" in page and "jura-direction" in page
    assert client.get(_url("accounts.user", "change", aw.jura_user)).status_code == 200


def test_only_a_network_administrator_or_the_command_makes_a_network_administrator(client, aw):
    # The command.
    call_command("administrateur_reseau", aw.admin.username, stdout=io.StringIO())
    aw.admin.refresh_from_db()
    assert aw.admin.administrateur_reseau and aw.admin.is_staff
    call_command("administrateur_reseau", aw.admin.username, "--retirer", stdout=io.StringIO())
    aw.admin.refresh_from_db()
    assert not aw.admin.administrateur_reseau
    with pytest.raises(Exception, match="rôle"):
        call_command("administrateur_reseau", aw.world.user(Role.DIRECTION).username, stdout=io.StringIO())
    # A network administrator, in the admin: for a role-administrateur account only.
    client = _logged(client, _network_admin())
    page = client.get(_url("accounts.user", "change", aw.admin)).content.decode()
    assert 'name="administrateur_reseau"' in page

    def post(user: User, role: str):  # type: ignore[no-untyped-def]
        return client.post(
            _url("accounts.user", "change", user),
            {"username": user.username, "first_name": "", "last_name": "", "email": "", "role": role,
             "structure": aw.world.structure.pk, "is_active": "on", "is_staff": "on", "administrateur_reseau": "on"},
        )

    assert post(aw.admin, Role.ADMINISTRATEUR).status_code == 302
    aw.admin.refresh_from_db()
    assert aw.admin.administrateur_reseau
    direction = aw.world.user(Role.DIRECTION)
    response = post(direction, Role.DIRECTION)
    assert response.status_code == 200 and "Seul un compte de rôle" in response.content.decode()
    direction.refresh_from_db()
    assert not direction.administrateur_reseau


def test_a_structure_administrator_does_not_see_the_network_administrators(client, aw):
    network = _network_admin()
    network.structure = aw.world.structure  # even attached to their Mission Locale
    network.save()
    client = _logged(client, aw.admin)
    assert "reseau" not in client.get(_url("accounts.user", "changelist")).content.decode()
    assert client.get(_url("accounts.user", "change", network))["Location"] == reverse("admin:index")


def test_a_network_administrator_without_a_mission_locale_creates_no_token(client, aw):
    client = _logged(client, _network_admin())
    assert client.get("/admin/api/apitoken/add/").status_code == 403


# --- The tokens' model ---------------------------------------------------------------------------
def test_a_revoked_token_stays_revoked_and_every_revocation_is_journalled(aw):
    row = aw.own["api.apitoken"]
    with pytest.raises(TypeError):
        ApiToken.objects.filter(pk=row.pk).update(revoque=True)
    row.revoque = True
    row.save()  # a plain save is journalled too
    assert AuditEntry.objects.filter(what=TOKEN_REVOKED, object_pk=str(row.pk)).count() == 1
    row.revoque = False
    with pytest.raises(ValueError):
        row.save()
    row.refresh_from_db()
    assert row.revoque
    assert not row.revoke()  # already revoked: no second entry
    assert AuditEntry.objects.filter(what=TOKEN_REVOKED, object_pk=str(row.pk)).count() == 1
    pk = row.pk
    row.delete()
    assert AuditEntry.objects.filter(what="Jeton d'API supprimé", object_pk=str(pk)).exists()


# --- The admin access matrix -------------------------------------------------------------------
# Views: list, add, change of the row of the administrator's Mission Locale ("own"), change of
# the Jura's row ("other"). Codes: A = 200; F = 403; X = the admin's "n'existe pas" redirect to
# its index (the row is out of the user's reach, like a row that does not exist); L = redirect
# to a login page (no admin for this user); "-" = no such row (tables shared by the network).
VIEWS = ("changelist", "add", "own", "other")
STRUCTURE_ADMIN, NETWORK_ADMIN = "administrateur", "administrateur du réseau"
# Users without the admin: every other role (superusers all), an administrator without a Mission
# Locale, an administrator without is_staff, and nobody logged in.
NO_ADMIN = tuple(str(r) for r in Role if r is not Role.ADMINISTRATEUR) + (
    "administrateur sans Mission Locale", "administrateur sans is_staff", "anonyme",
)

# model -> (structure administrator of Besançon, network administrator)
ADMIN_ROWS: dict[str, tuple[str, str]] = {
    "structures.structure": ("AFAX", "AAAA"),  # their own Mission Locale, read-only
    "structures.commune": ("AAAX", "AAAA"),
    "structures.site": ("AAAX", "AAAA"),
    "agenda.salle": ("AAAX", "AAAA"),  # rooms of the Mission Locale's sites (appointments book them)
    "structures.qpv": ("AFA-", "AAA-"),  # national list: read-only but for the network
    "accounts.user": ("AAAX", "AAAA"),
    "accounts.conseiller": ("AAAX", "AAAA"),
    "dispositifs.dispositif": ("AAAX", "AAAA"),
    "aides.plafondaide": ("AFA-", "AAA-"),  # network-wide caps: read-only but for the network
    "manifestations.manifestation": ("AAAX", "AAAA"),
    "satisfaction.reponsesatisfaction": ("AFAX", "AFAA"),  # imported answers, read-only
    "edition.edition": ("AFAX", "AFAA"),  # generated in the application
    "edition.pagelibre": ("AAAX", "AAAA"),
    # Tokens: one's own only (the network administrator, with no Mission Locale, has no API).
    "api.apitoken": ("AAAX", "AFAA"),
    "otp_totp.totpdevice": ("AFAX", "AFAA"),  # enrolled by their owner; deleted when lost
    "axes.accessattempt": ("AFAX", "AFAA"),
    "axes.accesslog": ("AFAX", "AFAA"),
    "axes.accessfailurelog": ("AFAX", "AFAA"),
}

MATRIX: dict[str, dict[str, str]] = {
    label: {
        STRUCTURE_ADMIN: structure_admin,
        NETWORK_ADMIN: network_admin,
        **{who: "LLL" + ("-" if structure_admin.endswith("-") else "L") for who in NO_ADMIN},
    }
    for label, (structure_admin, network_admin) in ADMIN_ROWS.items()
}


def test_every_admin_model_has_its_rows():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(MATRIX), "a model of the admin site has no row in MATRIX (or a row too many)"
    for label, rows in MATRIX.items():
        assert set(rows) == {STRUCTURE_ADMIN, NETWORK_ADMIN, *NO_ADMIN}, label
        assert all(len(codes) == len(VIEWS) for codes in rows.values()), label


def test_every_admin_model_is_scoped():
    from trajectoires.accounts.admin_scope import ScopedAdmin, check_admin_is_scoped

    assert all(isinstance(a, ScopedAdmin) for a in admin.site._registry.values())
    assert check_admin_is_scoped() == []


def test_an_unscoped_model_admin_fails_the_system_check():
    from django.contrib.sessions.models import Session

    from trajectoires.accounts.admin_scope import check_admin_is_scoped

    admin.site.register(Session)
    try:
        assert [e.id for e in check_admin_is_scoped()] == ["trajectoires.E001"]
    finally:
        admin.site.unregister(Session)


def _user_for(who: str, aw: AdminWorld) -> User | None:
    if who == STRUCTURE_ADMIN:
        return aw.admin
    if who == NETWORK_ADMIN:
        return _network_admin()
    if who == "anonyme":
        return None
    if who == "administrateur sans Mission Locale":
        return UserFactory(username="orphelin", structure=None, role=Role.ADMINISTRATEUR, is_staff=True,
                           is_superuser=True)
    if who == "administrateur sans is_staff":
        return UserFactory(username="admin-sans-staff", structure=aw.world.structure, role=Role.ADMINISTRATEUR,
                           is_superuser=True)
    return _superuser(aw.world.user(Role(who)))  # every other role, superuser: no bypass


def _code(response) -> str:  # type: ignore[no-untyped-def]
    if response.status_code in (200, 403, 404):
        return {200: "A", 403: "F", 404: "N"}[response.status_code]
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith((reverse("admin:login"), reverse("login"))):
            return "L"
        if location == reverse("admin:index"):
            return "X"
    return f"?{response.status_code}"


@pytest.mark.parametrize("who", [STRUCTURE_ADMIN, NETWORK_ADMIN, *NO_ADMIN])
def test_admin_access_matrix(client, aw, who):
    """One user × every registered model × the four views, against MATRIX; every difference is
    reported at once."""
    user = _user_for(who, aw)
    if user is not None:
        client.force_login(user)
    problems = []
    for label, rows in MATRIX.items():
        expected = rows[who]
        got = ""
        for view, want in zip(VIEWS, expected, strict=True):
            if want == "-":
                got += "-"
                continue
            if view in ("changelist", "add"):
                url = _url(label, view)
            else:
                url = _url(label, "change", (aw.own if view == "own" else aw.other)[label])
            got += _code(client.get(url))
        if got != expected:
            problems.append(f"{label}: attendu {expected}, obtenu {got}")
    assert not problems, f"{who}:\n" + "\n".join(problems)


def test_admin_pages_say_nothing_of_the_other_mission_locale(client, aw):
    """The structure administrator's lists and index name no row of the Jura."""
    client = _logged(client, aw.admin)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "Groupes" not in index.content.decode()  # Django's groups: out of the admin
    jura_names = ("Jura", "Dole", "Comtois", "jura-direction", "REPONDANT")
    for label in MATRIX:
        page = client.get(_url(label, "changelist")).content.decode()
        found = [n for n in jura_names if re.search(re.escape(n), page)]
        assert not found, (label, found)


def test_the_direction_reads_the_token_entries_in_the_journal(client, aw):
    direction = aw.world.user(Role.DIRECTION)
    call_command("jeton_api", direction.username, "--nom", "export", stdout=io.StringIO(), stderr=io.StringIO())
    page = _logged(client, direction).get(reverse("rgpd:journal")).content.decode()
    assert "Jeton d&#x27;API créé" in page or "Jeton d'API créé" in page
    assert "jeton Jura" not in page  # the other Mission Locale's token is in its own journal


def test_the_command_creates_no_token_for_a_user_without_api(db):
    from django.core.management.base import CommandError

    UserFactory(username="orphelin", structure=None, role=Role.ADMINISTRATEUR)
    with pytest.raises(CommandError, match="API"):
        call_command("jeton_api", "orphelin", stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()


def test_a_deletion_page_names_no_young_person(client, aw):
    """Deleting a referent counsellor is blocked by their young people's files: the page counts
    them, never names them."""
    client = _logged(client, aw.admin)
    claire = aw.own["accounts.conseiller"]
    response = client.get(_url("accounts.conseiller", "delete", claire))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Portefeuille" not in page and "Suivi" not in page  # the young people's names
    assert "Jeune" in page  # but it says what blocks the deletion
    response = client.post(
        reverse("admin:accounts_conseiller_changelist"),
        {"action": "delete_selected", "_selected_action": [claire.pk]},
    )
    assert "Portefeuille" not in response.content.decode()
    assert Conseiller.objects.filter(pk=claire.pk).exists()  # the confirmation page, nothing deleted
