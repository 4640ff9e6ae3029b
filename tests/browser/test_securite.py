"""Two-factor authentication in a real Chromium, under the real Content-Security-Policy: the QR
code renders (inline SVG), no CSP violation is reported, and the code opens the application."""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.real_security]


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_a_counsellor_enrols_an_authenticator_then_reaches_the_search(live_server, page: Page, structure, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    user = User.objects.create_user(
        "claire", password="un-mot-de-passe-solide", first_name="Claire", structure=structure, role=Role.CONSEILLER
    )
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/jeunes/")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", name="Activer la double authentification")).to_be_visible()
    qr = page.locator("figure.otp-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 80
    assert_accessible(page)

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code à 6 chiffres").fill(_code(device))
    page.get_by_role("button", name="Activer").click()
    expect(page).to_have_url(f"{live_server.url}/jeunes/")
    # htmx is loaded with the nonce: the search answers as the user types. The URL changes before
    # the new page's scripts have run: wait for the page to be loaded before asking.
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.htmx") == "object"
    assert violations == []
