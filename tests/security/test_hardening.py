"""Hardening (docs/securite.md): argon2, login throttling, two-factor authentication for staff,
session expiry, CSRF, Content-Security-Policy, secure headers, `check --deploy`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.accounts.security import SESSION_LOGIN_AT, SESSION_SEEN_AT


PASSWORD = "un-mot-de-passe-solide"
ROOT = Path(__file__).resolve().parents[2]


def _user(structure, role=Role.CONSEILLER, username="claire") -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(username, password=PASSWORD, structure=structure, role=role)


def _code(device: TOTPDevice, shift: int = 0) -> str:
    """The code the user's phone would show now (+ `shift` steps of 30 s)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + shift * device.step
    return f"{totp.token():0{device.digits}d}"


# --- Passwords ---------------------------------------------------------------------------------
@pytest.mark.real_security
def test_passwords_are_hashed_with_argon2id(structure):
    user = _user(structure)
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


# --- Login throttling --------------------------------------------------------------------------
def test_login_is_locked_after_repeated_failures_with_a_french_message(client, structure, settings):
    _user(structure)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "claire", "password": "faux"})
        assert response.status_code == 200
        assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    response = client.post(url, {"username": "claire", "password": "faux"})
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    # Locked: even the right password is refused now.
    response = client.post(url, {"username": "claire", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user is not affected.
    paul = _user(structure, username="paul")
    response = client.post(url, {"username": "paul", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(paul.pk)


def test_a_success_resets_the_failure_count(client, structure, settings):
    _user(structure)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "claire", "password": "faux"})
    assert client.post(url, {"username": "claire", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in client.session
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "claire", "password": "faux"}).status_code == 200


def test_client_login_needs_the_request_with_axes(client, structure):
    _user(structure)
    assert client.login(request=HttpRequest(), username="claire", password=PASSWORD)


# --- Two-factor authentication -----------------------------------------------------------------
@pytest.mark.real_security
def test_two_factor_enrolment_then_verification_at_each_login(client, structure):
    user = _user(structure)
    assert client.post(reverse("login"), {"username": "claire", "password": PASSWORD}).status_code == 302
    # Password alone: every page sends to the enrolment.
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_activer"))
    response = client.get(response["Location"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "<script" not in page.split("</header>", 1)[1]
    assert "Activer la double authentification" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # A wrong code is refused, in French; the right one enrols and opens the page asked for.
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("otp_activer"), {"code": wrong, "next": reverse("workspace:search")})
    assert response.status_code == 400
    assert "Ce code ne correspond pas" in response.content.decode()
    # After a failure django-otp makes the user wait (1 s, then 2, 4…): refused even if right.
    response = client.post(reverse("otp_activer"), {"code": _code(device), "next": reverse("workspace:search")})
    assert "patientez" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the wait is over
    response = client.post(reverse("otp_activer"), {"code": _code(device), "next": reverse("workspace:search")})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:search")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    # Next login: the password, then the code of the enrolled authenticator.
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "claire", "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("otp_verifier"))
    assert client.get(reverse("otp_activer"))["Location"].startswith(reverse("otp_verifier"))
    assert client.post(reverse("otp_verifier"), {"code": wrong}).status_code == 400
    assert DEVICE_ID_SESSION_KEY not in client.session  # not verified
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(reverse("otp_verifier"), {"code": _code(device, shift=1), "next": reverse("home")})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.real_security
def test_the_admin_also_needs_the_second_factor(client, structure):
    user = _user(structure, role=Role.ADMINISTRATEUR)
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_activer"))


@pytest.mark.real_security
def test_volunteer_mentors_do_not_need_the_second_factor(client, structure):
    client.force_login(_user(structure, role=Role.PARRAIN))
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.real_security
def test_an_open_redirect_is_not_followed_after_the_code(client, structure):
    user = _user(structure)
    client.force_login(user)
    client.get(reverse("otp_activer"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("otp_activer"), {"code": _code(device), "next": "https://exemple.invalid/"})
    assert response["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed


def test_the_second_factor_can_be_switched_off(client, structure, settings):
    settings.TRAJECTOIRES_2FA_OBLIGATOIRE = False
    client.force_login(_user(structure))
    assert client.get(reverse("home")).status_code == 200


# --- Sessions ----------------------------------------------------------------------------------
@pytest.mark.parametrize("key", [SESSION_SEEN_AT, SESSION_LOGIN_AT])
def test_sessions_expire_when_idle_and_after_the_maximum_duration(client, structure, settings, key):
    client.force_login(_user(structure))
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    if key == SESSION_SEEN_AT:
        session[key] = int(time.time()) - settings.TRAJECTOIRES_SESSION_INACTIVITE_MINUTES * 60 - 5
    else:
        session[key] = int(time.time()) - settings.TRAJECTOIRES_SESSION_DUREE_MAX_HEURES * 3600 - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"]).content.decode()
    assert "Votre session a expiré" in page
    assert client.get(reverse("home")).status_code == 302  # logged out


def test_an_active_session_stays_open(client, structure, settings):
    client.force_login(_user(structure))
    session = client.session
    session[SESSION_SEEN_AT] = int(time.time()) - settings.TRAJECTOIRES_SESSION_INACTIVITE_MINUTES * 60 + 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_SEEN_AT] > time.time() - 5  # the activity was recorded


# --- CSRF, headers, CSP ------------------------------------------------------------------------
def test_login_post_without_csrf_token_is_refused(structure):
    _user(structure)
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "claire", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_security_headers_and_a_strict_script_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    # The nonce is added when the page uses one (see the htmx test below).
    assert re.fullmatch(r"'self'( 'nonce-[A-Za-z0-9+/=_-]+')?", directives["script-src"])
    assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["default-src"]
    assert directives["style-src"] == "'self'"  # no inline style either
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_htmx_gets_the_request_nonce(client, structure):
    client.force_login(_user(structure))
    response = client.get(reverse("workspace:search"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts, "la page de recherche charge htmx"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


# Templates rendered into files (PDF, downloaded HTML, subject access export), not served as pages.
_NOT_SERVED = {
    "edition/pdf.html", "edition/standalone.html", "rgpd/export.html", "agenda/convocations_pdf.html",
    "immersions/convention_pdf.html",  # rendered by WeasyPrint into a PDF, never served as a page
}


def _served_templates() -> list[Path]:
    out = []
    for path in (ROOT / "trajectoires").rglob("templates/**/*.html"):
        rel = path.as_posix().split("/templates/", 1)[1]
        if rel not in _NOT_SERVED:
            out.append(path)
    return out


def test_no_template_needs_unsafe_inline_scripts():
    """The CSP forbids inline scripts without the nonce and event handler attributes: every
    page template must do without them (a `<script>` needs `src=` or `nonce="{{ csp_nonce }}"`)."""
    templates = _served_templates()
    assert len(templates) > 10
    problems = []
    for path in templates:
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                problems.append(f"{path.name}: {tag}")
        for attr in re.findall(r"\son[a-z]+\s*=\s*[\"']", text):
            problems.append(f"{path.name}: attribut {attr.strip()}")
        if "javascript:" in text or "hx-on" in text:
            problems.append(f"{path.name}: javascript: / hx-on")
        # Styles too: only our stylesheets (no <style> element, no style attribute).
        if re.search(r"<style\b", text) or re.search(r"\sstyle\s*=", text):
            problems.append(f"{path.name}: style en ligne")
    assert not problems, problems


# --- check --deploy with the production settings -----------------------------------------------
def _production_env(tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRAJECTOIRES_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="trajectoires.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-0123456789-abcdefghijklmnop",
        TRAJECTOIRES_HTTPS="1",
        ALLOWED_HOSTS="trajectoires.exemple.fr",
        TRAJECTOIRES_DATA_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "trajectoires.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_values(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.TRAJECTOIRES_2FA_OBLIGATOIRE, s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'), s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "False"], result.stderr


# --- Finding 6 of the outside test (issue 18): no built-in secret key --------------------------
def _env_without_key(tmp_path, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "TRAJECTOIRES_")) and k not in ("SECRET_KEY", "SECRET_KEY_FILE")}
    env.update(DJANGO_SETTINGS_MODULE="trajectoires.settings", TRAJECTOIRES_DATA_DIR=str(tmp_path), **extra)
    return env


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    for command in (["check", "--deploy"], ["check"]):
        result = subprocess.run(
            [sys.executable, "-m", "trajectoires.manage", *command], env=_env_without_key(tmp_path),
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode != 0, result.stdout
        assert "Aucune clé secrète" in result.stderr and "SECRET_KEY" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "secret_key").exists()
    # And the WSGI application (gunicorn) does not start either.
    code = "import trajectoires.wsgi"
    result = subprocess.run([sys.executable, "-c", code], env=_env_without_key(tmp_path), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Aucune clé secrète" in result.stderr


def test_development_generates_and_keeps_a_local_key(tmp_path):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY)"
    env = _env_without_key(tmp_path, DJANGO_DEBUG="1")
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip(), first.stderr
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    # The key file is then used outside debug too (the demo's commands of `make run`).
    env = _env_without_key(tmp_path)
    third = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert third.stdout.strip() == key, third.stderr


def test_an_expected_403_is_one_log_line_without_a_traceback(client, structure, caplog):
    """Issue 12, part 10: a refusal of the permission check is an expected outcome."""
    user = _user(structure, role=Role.ADMINISTRATEUR)
    client.force_login(user)
    with caplog.at_level("WARNING", logger="django.request"):
        response = client.get(reverse("workspace:search"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Traceback" not in caplog.text
