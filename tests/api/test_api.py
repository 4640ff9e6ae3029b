"""The REST API: field sets per role, sensitive items, audit of reads, pagination bounds, strict
input validation with French messages, personal tokens (hashed, revocable, expiring)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import bearer
from tests.factories import EvenementFactory, InscriptionFactory, SituationFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import PROFILE_FIELDS, ROLE_RULES
from trajectoires.api import service
from trajectoires.api.models import ApiToken, digest
from trajectoires.rgpd.models import AuditEntry


def _get(client, token: str, name: str, jeune=None, **params):  # type: ignore[no-untyped-def]
    url = reverse(name, kwargs={"jeune_id": jeune.pk}) if jeune is not None else reverse(name)
    return client.get(url, params, **bearer(token))


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ACCUEIL, Role.PARRAIN])
def test_the_file_has_exactly_the_fields_of_the_role(client, world, tokens, role):
    jeune = world.jeunes["filleul"]
    body = _get(client, tokens[role], "api:jeune", jeune).json()
    expected = set(PROFILE_FIELDS[ROLE_RULES[role].fields]) | {"id", "sensible_visible"}
    if role is Role.DIRECTION:
        expected.add("rqth")  # the direction sees sensitive items
    assert set(body) == expected
    assert body["nom"] == jeune.nom


def test_rqth_only_for_the_referent_counsellor(client, world, tokens):
    token = tokens[Role.CONSEILLER]
    mine = _get(client, token, "api:jeune", world.jeunes["portefeuille"]).json()
    other = _get(client, token, "api:jeune", world.jeunes["autre"]).json()
    assert "rqth" in mine and mine["sensible_visible"] is True
    assert "rqth" not in other and other["sensible_visible"] is False


def test_sensitive_programmes_only_for_allowed_users(client, world, tokens):
    for key in ("portefeuille", "autre"):
        InscriptionFactory(jeune=world.jeunes[key], dispositif="jsmj_mf", date_entree=dt.date(2025, 2, 1))
        InscriptionFactory(jeune=world.jeunes[key], dispositif="cej", date_entree=dt.date(2025, 1, 1))
    claire = tokens[Role.CONSEILLER]
    mine = _get(client, claire, "api:dispositifs", world.jeunes["portefeuille"]).json()
    assert [r["dispositif"] for r in mine["resultats"]] == ["jsmj_mf", "cej"]
    assert mine["resultats"][0]["sensible"] is True
    other = _get(client, claire, "api:dispositifs", world.jeunes["autre"]).json()
    assert [r["dispositif"] for r in other["resultats"]] == ["cej"] and other["total"] == 1
    direction = _get(client, tokens[Role.DIRECTION], "api:dispositifs", world.jeunes["autre"]).json()
    assert direction["total"] == 2


def test_reads_are_written_to_the_audit_journal(client, world, tokens):
    jeune = world.jeunes["portefeuille"]
    InscriptionFactory(jeune=jeune, dispositif="sante", date_entree=dt.date(2025, 2, 1))
    before = AuditEntry.objects.count()
    _get(client, tokens[Role.CONSEILLER], "api:jeune", jeune)
    _get(client, tokens[Role.CONSEILLER], "api:dispositifs", jeune)
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.what, e.jeune_ref, e.actor == world.user(Role.CONSEILLER)) for e in entries] == [
        ("API : dossier du jeune", jeune.pk, True),
        ("API : dispositifs du jeune", jeune.pk, True),
    ]
    assert entries[1].sensitive  # a health programme was shown


def test_contacts_and_situations_are_paginated_newest_first(client, world, tokens):
    jeune = world.jeunes["autre"]
    for day in range(1, 8):
        EvenementFactory(jeune=jeune, date=dt.date(2025, 3, day))
    SituationFactory(jeune=jeune, date_debut=dt.date(2025, 4, 1))
    token = tokens[Role.DIRECTION]
    page = _get(client, token, "api:contacts", jeune, limit=3, offset=2).json()
    assert page["total"] == jeune.evenements.count() and page["limit"] == 3 and page["offset"] == 2
    assert [r["date"] for r in page["resultats"]] == ["2025-03-05", "2025-03-04", "2025-03-03"]
    situations = _get(client, token, "api:situations", jeune).json()
    assert situations["total"] == 1 and situations["resultats"][0]["date_debut"] == "2025-04-01"


def test_the_list_is_limited_to_the_scope_and_searchable(client, world, tokens):
    mentor = _get(client, tokens[Role.PARRAIN], "api:jeunes").json()
    assert [r["id"] for r in mentor["resultats"]] == [world.jeunes["filleul"].pk]
    assert set(mentor["resultats"][0]) <= set(service.LIST_FIELDS) | {"id"}
    everyone = _get(client, tokens[Role.DIRECTION], "api:jeunes", limit=2).json()
    assert everyone["total"] == 6 and len(everyone["resultats"]) == 2  # not "ailleurs"
    found = _get(client, tokens[Role.DIRECTION], "api:jeunes", q="Portefeuille").json()
    assert [r["id"] for r in found["resultats"]] == [world.jeunes["portefeuille"].pk]
    assert _get(client, tokens[Role.DIRECTION], "api:jeunes", q="Ailleurs").json()["total"] == 0


@pytest.mark.parametrize(
    ("name", "params", "champ"),
    [
        ("api:jeunes", {"limit": str(10**30)}, "limit"),
        ("api:jeunes", {"limit": service.MAX_LIMIT + 1}, "limit"),
        ("api:jeunes", {"offset": 2**70}, "offset"),
        ("api:jeunes", {"limit": 0}, "limit"),
        ("api:jeunes", {"q": "a\x00b"}, "q"),
        ("api:rapport", {"debut": "0", "fin": "2025-12-31"}, "debut"),
        ("api:rapport", {"debut": "2025-02-30", "fin": "2025-12-31"}, "debut"),
        ("api:rapport", {"debut": "1899-01-01", "fin": "1899-12-31"}, "debut"),
        ("api:rapport", {"debut": "2025-12-31", "fin": "2025-01-01"}, "fin"),
        ("api:rapport", {"debut": "2020-01-01", "fin": "2101-01-01"}, "fin"),
        ("api:rapport", {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": "planete:mars"}, "filtre"),
        ("api:rapport", {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": "sans-deux-points"}, "filtre"),
    ],
)
def test_bad_parameters_get_a_422_in_french(client, world, tokens, name, params, champ):
    response = _get(client, tokens[Role.DIRECTION], name, **params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Paramètres invalides."
    assert [e["champ"] for e in body["erreurs"]] == [champ]
    assert all(e["message"] and "Input should" not in e["message"] for e in body["erreurs"])


def test_a_huge_file_id_is_a_422_not_a_server_error(client, world, tokens):
    response = client.get(f"/api/jeunes/{2**70}", **bearer(tokens[Role.DIRECTION]))
    assert response.status_code == 422


def test_the_report_is_the_engine_json(client, world, tokens):
    from trajectoires.rapports.engine import build_report
    from trajectoires.rapports.periods import Period

    body = _get(client, tokens[Role.DIRECTION], "api:rapport", debut="2025-01-01", fin="2025-12-31").json()
    expected = build_report(world.structure, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))).data
    assert body == expected


def test_tokens_are_stored_hashed_and_can_be_revoked_or_expire(client, world):
    out, err = io.StringIO(), io.StringIO()
    call_command("jeton_api", world.user(Role.DIRECTION).username, "--nom", "export", stdout=out, stderr=err)
    token = out.getvalue().strip()
    row = ApiToken.objects.get()
    assert token.startswith("trj_") and row.empreinte == digest(token)
    assert token not in {row.nom, row.prefixe, row.empreinte}
    assert "ne sera plus affiché" in err.getvalue()
    assert client.get(reverse("api:jeunes"), **bearer(token)).status_code == 200
    assert client.get(reverse("api:jeunes"), **bearer(token + "x")).status_code == 401
    row.expire_le = timezone.now() - dt.timedelta(seconds=1)
    row.save()
    assert client.get(reverse("api:jeunes"), **bearer(token)).status_code == 401
    row.expire_le = None
    row.revoque = True
    row.save()
    assert client.get(reverse("api:jeunes"), **bearer(token)).status_code == 401


def test_a_deactivated_user_token_stops_working(client, world, tokens):
    user = world.user(Role.CONSEILLER)
    user.is_active = False
    user.save()
    assert client.get(reverse("api:jeunes"), **bearer(tokens[Role.CONSEILLER])).status_code == 401


@pytest.mark.real_security
def test_a_session_without_its_second_factor_is_refused(client, world):
    client.force_login(world.user(Role.DIRECTION))
    response = client.get(reverse("api:jeunes"))
    assert response.status_code == 401
    assert client.get(reverse("api:openapi-json")).status_code == 302  # the docs too


def test_the_admin_creates_a_token_shown_once(client, world):
    """For the administrator's own account only: the form has no user field (a "user" in the
    POST is ignored; tests/security/test_admin_scope.py)."""
    admin = world.user(Role.ADMINISTRATEUR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"user": world.user(Role.DIRECTION).pk, "nom": "tableau de bord", "expire_le_0": "", "expire_le_1": ""},
        follow=True,
    )
    assert response.status_code == 200
    row = ApiToken.objects.get(nom="tableau de bord")
    shown = [str(m) for m in response.context["messages"]]
    token = next(word for m in shown for word in m.split() if word.startswith("trj_"))
    assert row.user == admin and row.empreinte == digest(token)
    client.logout()
    # The administrator's role reads the report (not the young people's files).
    url = reverse("api:rapport") + "?debut=2025-01-01&fin=2025-12-31"
    assert client.get(url, **bearer(token)).status_code == 200
    assert client.get(reverse("api:jeunes"), **bearer(token)).status_code == 403
