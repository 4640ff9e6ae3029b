"""Findings 3 and 5 of the outside security test (issue 18), and the Cache-Control hardening.

3. The journal stored whatever address the client sent (`X-Forwarded-For: not-an-ip`).
5. `/api/jeunes` paginated by 200 returned the whole scope's identities without a journal entry.
"""

from __future__ import annotations

import ipaddress

import pytest
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse

from tests.factories import JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.api.models import ApiToken
from trajectoires.rgpd.models import AuditEntry


def _request(remote: str, forwarded: str | None = None) -> HttpRequest:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


# --- Finding 3: one client address, forwarded headers only from configured proxies -------------
def test_a_forged_forwarded_header_is_not_stored_as_the_address_of_a_read(client, world):
    client.force_login(world.user(Role.DIRECTION))
    jeune = world.jeunes["portefeuille"]
    response = client.get(reverse("workspace:jeune", args=[jeune.pk]), HTTP_X_FORWARDED_FOR="not-an-ip")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=AuditEntry.Action.ACCESS).latest("timestamp")
    assert entry.remote_addr == "127.0.0.1"
    ipaddress.ip_address(entry.remote_addr)


def test_a_forged_forwarded_address_is_not_believed_either(client, world):
    client.force_login(world.user(Role.DIRECTION))
    jeune = world.jeunes["portefeuille"]
    client.get(reverse("workspace:jeune", args=[jeune.pk]), HTTP_X_FORWARDED_FOR="203.0.113.66")
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=AuditEntry.Action.ACCESS).latest("timestamp")
    assert entry.remote_addr == "127.0.0.1"


@override_settings(TRAJECTOIRES_PROXIES=["127.0.0.1"])
def test_behind_a_configured_proxy_the_forwarded_client_is_stored(client, world):
    client.force_login(world.user(Role.DIRECTION))
    jeune = world.jeunes["portefeuille"]
    client.get(reverse("workspace:jeune", args=[jeune.pk]), HTTP_X_FORWARDED_FOR="203.0.113.66")
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=AuditEntry.Action.ACCESS).latest("timestamp")
    assert entry.remote_addr == "203.0.113.66"
    # A change (auditlog's middleware) gets the same address.
    client.post(reverse("workspace:contact", args=[jeune.pk]),
                {"date": "2025-03-03", "nature": "entretien_individuel", "honore": "oui"},
                HTTP_X_FORWARDED_FOR="203.0.113.66")
    change = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=AuditEntry.Action.CREATE).latest("timestamp")
    assert change.remote_addr == "203.0.113.66"


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "198.51.100.7", "not-an-ip", "198.51.100.7"),
        ([], "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        (["10.0.0.0/8"], "10.1.2.3", "203.0.113.9", "203.0.113.9"),
        (["10.0.0.0/8"], "10.1.2.3", "203.0.113.9, 10.4.4.4", "203.0.113.9"),  # two trusted hops
        (["10.0.0.0/8"], "10.1.2.3", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # spoofed left part ignored
        (["10.0.0.0/8"], "10.1.2.3", "not-an-ip", "10.1.2.3"),
        (["10.0.0.0/8"], "10.1.2.3", "[2001:db8::1]:443", "2001:db8::1"),
        (["10.0.0.0/8"], "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not from the proxy
        ([], "garbage", None, "0.0.0.0"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    from trajectoires.accounts.client import client_ip

    settings.TRAJECTOIRES_PROXIES = proxies
    assert client_ip(_request(remote, forwarded)) == expected


def test_the_login_throttle_uses_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRAJECTOIRES_PROXIES = []
    assert get_client_ip_address(_request("198.51.100.7", "not-an-ip")) == "198.51.100.7"


# --- Finding 5: list reads through the API are journaled and rate-limited ------------------------
def test_compact_ids_round_trip():
    from trajectoires.rgpd.audit import compact_ids, expand_ids

    assert compact_ids([3, 1, 2, 7, 9, 10, 10]) == "1-3,7,9-10"
    assert expand_ids("1-3,7,9-10") == [1, 2, 3, 7, 9, 10]
    assert compact_ids([]) == ""


def test_paging_through_the_young_people_is_journaled(client, world):
    for i in range(5):
        JeuneFactory(structure=world.structure, nom=f"Liste{i}")
    token = ApiToken.issue(world.user(Role.DIRECTION), "script")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    seen: list[int] = []
    for offset in (0, 4, 8):
        response = client.get(f"/api/jeunes?limit=4&offset={offset}", **auth)
        assert response.status_code == 200
        seen += [row["id"] for row in response.json()["resultats"]]
    entries = AuditEntry.objects.filter(what="API : liste de jeunes").order_by("pk")
    assert entries.count() == 3
    from trajectoires.rgpd.audit import expand_ids  # new in issue 18 (imported after the attack's check)

    journaled = [i for e in entries for i in expand_ids(e.additional_data["ids"])]
    assert sorted(journaled) == sorted(seen)
    assert all(e.actor == world.user(Role.DIRECTION) and e.structure_ref == world.structure.pk for e in entries)


def test_a_scrape_is_stopped_with_a_429_in_french(client, world, settings):
    settings.TRAJECTOIRES_API_LISTES_PAR_MINUTE = 5
    token = ApiToken.issue(world.user(Role.DIRECTION), "script")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    codes = [client.get(f"/api/jeunes?limit=1&offset={i}", **auth).status_code for i in range(6)]
    assert codes == [200] * 5 + [429]
    response = client.get("/api/jeunes?limit=1&offset=7", **auth)
    assert response.status_code == 429
    assert "Trop de demandes" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    # Another user is not affected.
    other = ApiToken.issue(world.user(Role.CONSEILLER), "script")[1]
    assert client.get("/api/jeunes?limit=1", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200


def test_the_hourly_budget_of_listed_young_people(client, world, settings):
    settings.TRAJECTOIRES_API_JEUNES_LISTES_PAR_HEURE = 6
    for i in range(6):
        JeuneFactory(structure=world.structure, nom=f"Budget{i}")
    token = ApiToken.issue(world.user(Role.DIRECTION), "script")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/jeunes?limit=4", **auth).status_code == 200
    response = client.get("/api/jeunes?limit=4&offset=4", **auth)
    assert response.status_code == 429
    assert "dans l'heure" in response.json()["detail"]


# --- Cache-Control: no-store on pages and API answers with personal data -------------------------
def test_pages_and_api_answers_are_not_stored_by_caches(client, world):
    client.force_login(world.user(Role.DIRECTION))
    jeune = world.jeunes["portefeuille"]
    for url in (reverse("workspace:jeune", args=[jeune.pk]), reverse("workspace:search") + "?q=test",
                f"/api/jeunes/{jeune.pk}", reverse("home")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
