"""Hardening that every request goes through (docs/securite.md).

- `SessionExpiryMiddleware`: a session ends after `TRAJECTOIRES_SESSION_INACTIVITE_MINUTES`
  without a request (idle timeout) and at the latest `TRAJECTOIRES_SESSION_DUREE_MAX_HEURES`
  after the login (absolute timeout), whatever the activity;
- `TwoFactorMiddleware`: when `TRAJECTOIRES_2FA_OBLIGATOIRE` is on, a staff user
  (`perms.requires_two_factor`) who logged in with their password is sent to the second step
  (a TOTP code) — or, without an authenticator yet, to its enrolment — before any other page;
- `csp_nonce`: the template variable django-htmx's `{% htmx_script %}` reads the nonce from.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, views as auth_views
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from trajectoires.accounts.client import client_ip, count, hit
from trajectoires.accounts.perms import requires_two_factor


SESSION_LOGIN_AT = "_trajectoires_connexion"
SESSION_SEEN_AT = "_trajectoires_activite"
# The idle timestamp is written at most this often (seconds): not one session write per request.
_SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _stamp_login(sender, request: HttpRequest | None, user, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now


def session_limits() -> tuple[int, int]:
    """(idle timeout, absolute timeout) in seconds."""
    idle = int(settings.TRAJECTOIRES_SESSION_INACTIVITE_MINUTES) * 60
    absolute = int(settings.TRAJECTOIRES_SESSION_DUREE_MAX_HEURES) * 3600
    return idle, absolute


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            idle, absolute = session_limits()
            login_at = request.session.get(SESSION_LOGIN_AT)
            seen_at = request.session.get(SESSION_SEEN_AT)
            if login_at is None or seen_at is None:
                # A session opened before this middleware existed: start counting now.
                request.session[SESSION_LOGIN_AT] = login_at = now
                request.session[SESSION_SEEN_AT] = seen_at = now
            if now - seen_at > idle or now - login_at > absolute:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401 itself
                messages.info(request, "Votre session a expiré. Reconnectez-vous pour continuer.")
                return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if now - seen_at >= _SEEN_RESOLUTION:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


def _exempt(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/api/")):
        return True  # static files; the API checks the second factor itself
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in {"login", "logout", "otp_verifier", "otp_activer"}


class TwoFactorMiddleware:
    """After OTPMiddleware (it sets `request.user.is_verified`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        user = request.user
        if not second_factor_missing(user) or _exempt(request):
            return None
        target = "otp_verifier" if has_authenticator(user) else "otp_activer"
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer of the application (pages, downloads, API) that
    does not set its own: they hold personal data, which no browser or proxy cache may keep.
    Static files are answered by WhiteNoise before this middleware, with their own headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


def two_factor_on() -> bool:
    return bool(getattr(settings, "TRAJECTOIRES_2FA_OBLIGATOIRE", True))


def second_factor_missing(user) -> bool:  # type: ignore[no-untyped-def]
    """A logged-in staff user who still owes the second factor."""
    if not user.is_authenticated or not two_factor_on() or not requires_two_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def has_authenticator(user) -> bool:  # type: ignore[no-untyped-def]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def csp_nonce(request: HttpRequest) -> dict[str, object]:
    """Context processor: `csp_nonce` for `{% htmx_script %}` and our own `<script nonce>`."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:  # type: ignore[no-untyped-def]
    """django-axes' answer once a login is locked (AXES_LOCKOUT_CALLABLE): a French page, 429."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    return render(
        request,
        "www/verrouille.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


# --- Login failures per client address, across accounts -----------------------------------------
# django-axes locks a username from one address after AXES_FAILURE_LIMIT failures; this limit
# counts every failure from one address, whatever the username (password spraying: a few tries
# on many accounts). The address is `client_ip`: behind a reverse proxy, list it in
# TRAJECTOIRES_PROXIES, or every user would share the proxy's address and its limit.
LOGIN_FAILURES_KEY = "connexion-echecs:"


def _failure_window() -> int:
    return max(60, int(settings.AXES_COOLOFF_TIME.total_seconds()) if settings.AXES_COOLOFF_TIME else 900)


def address_locked(request: HttpRequest | None) -> bool:
    limit = int(settings.TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE)
    if request is None or limit <= 0:
        return False
    return count(LOGIN_FAILURES_KEY + client_ip(request), _failure_window()) >= limit


class AddressThrottleBackend:
    """First authentication backend: refuses every password check from an address that failed
    too often (Django then stops and reports a failure); otherwise lets the others decide."""

    def authenticate(self, request: HttpRequest | None, **credentials):  # type: ignore[no-untyped-def]
        if address_locked(request):
            request.trajectoires_adresse_bloquee = True  # type: ignore[union-attr]
            raise PermissionDenied("Trop d'échecs de connexion depuis cette adresse.")
        return None  # no `get_user`: never the backend a session is kept with


@receiver(user_login_failed)
def _count_login_failure(sender, credentials, request: HttpRequest | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if request is not None and not getattr(request, "trajectoires_adresse_bloquee", False):
        hit(LOGIN_FAILURES_KEY + client_ip(request), 10**9, _failure_window())


def address_lockout_response(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import render

    return render(
        request,
        "www/verrouille.html",
        {"cooloff_minutes": _failure_window() // 60, "par_adresse": True},
        status=429,
    )


class LoginView(auth_views.LoginView):
    """Django's login page, answering 429 (French page) while the address is locked."""

    template_name = "www/login.html"

    def form_invalid(self, form):  # type: ignore[no-untyped-def]
        if getattr(self.request, "trajectoires_adresse_bloquee", False):
            return address_lockout_response(self.request)
        return super().form_invalid(form)
