"""Job-board accounts' own authentication, apart from the staff's (docs/bourse.md):

- a board account is a `bourse.Compte`, never an `accounts.User`: `request.user` stays anonymous
  for it, so every staff page sends it to the staff login and the API answers 401;
- its session holds the account's id and a keyed hash of its password hash under keys of its
  own (`SESSION_KEY`, `SESSION_HASH`): a password change ends the other sessions; it ends after
  the staff's idle and absolute timeouts too;
- passwords are hashed by Django's hashers and checked with the staff's validators
  (`AUTH_PASSWORD_VALIDATORS`);
- login failures are counted with the shared rate limiter (`accounts/client.py`, `RateCounter`):
  `AXES_FAILURE_LIMIT` per e-mail and address, `TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE` per
  address, for `AXES_COOLOFF_TIME`, as for staff; no second factor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from trajectoires.accounts.client import client_ip, count, hit
from trajectoires.bourse.enums import TypeCompte
from trajectoires.bourse.models import Compte


SESSION_KEY = "_bourse_compte"
SESSION_HASH = "_bourse_compte_empreinte"
SESSION_AT = "_bourse_connexion"
SESSION_SEEN = "_bourse_activite"
FAILURES_ACCOUNT = "bourse-echecs:"
FAILURES_ADDRESS = "bourse-echecs-adresse:"


def _hash(compte: Compte) -> str:
    return salted_hmac("trajectoires.bourse.session", compte.password).hexdigest()


# The names Django's similarity validator gives the account's attributes, as users read them.
_ATTRIBUTES = {"first_name": "prénom", "last_name": "nom", "email": "adresse électronique"}


def check_password_rules(raw: str, compte: Compte) -> list[str]:
    """The staff's validators (AUTH_PASSWORD_VALIDATORS) on `raw`: their French messages, the
    account's attributes named as users read them (empty: the password is accepted)."""
    try:
        validate_password(raw, user=compte)
    except ValidationError as exc:
        messages = []
        for message in exc.messages:
            for attribute, label in _ATTRIBUTES.items():
                message = message.replace(attribute, label)
            messages.append(message)
        return messages
    return []


def set_password(compte: Compte, raw: str) -> None:
    """Validates `raw` with the staff's validators (French `ValidationError`), then hashes it."""
    problems = check_password_rules(raw, compte)
    if problems:
        raise ValidationError(problems)
    compte.password = make_password(raw)


def window() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(60, int(cooloff.total_seconds()) if cooloff else 900)


def _account_key(structure_id: int, email: str, request: HttpRequest) -> str:
    return f"{FAILURES_ACCOUNT}{structure_id}:{email.lower()}:{client_ip(request)}"


def locked(request: HttpRequest, structure_id: int, email: str) -> bool:
    """Too many failures for this e-mail from this address, or from this address at all."""
    per_account = int(settings.AXES_FAILURE_LIMIT)
    per_address = int(settings.TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE)
    if per_account > 0 and count(_account_key(structure_id, email, request), window()) >= per_account:
        return True
    return per_address > 0 and count(FAILURES_ADDRESS + client_ip(request), window()) >= per_address


def authenticate(request: HttpRequest, structure_id: int, email: str, password: str) -> Compte | None:
    """The account of this e-mail in the Mission Locale if the password is right (None otherwise,
    counted as a failure). The caller checked `locked` first."""
    email = (email or "").strip().lower()
    compte = Compte.objects.filter(structure_id=structure_id, email=email).first()
    if compte is not None and check_password(password, compte.password):
        return compte
    if compte is None:
        make_password(password)  # the same time either way: no telling which e-mails have an account
    hit(_account_key(structure_id, email, request), 10**9, window())
    hit(FAILURES_ADDRESS + client_ip(request), 10**9, window())
    return None


def login(request: HttpRequest, compte: Compte) -> None:
    request.session.cycle_key()
    now = int(time.time())
    request.session[SESSION_KEY] = compte.pk
    request.session[SESSION_HASH] = _hash(compte)
    request.session[SESSION_AT] = now
    request.session[SESSION_SEEN] = now


def logout(request: HttpRequest) -> None:
    for key in (SESSION_KEY, SESSION_HASH, SESSION_AT, SESSION_SEEN):
        request.session.pop(key, None)
    request.session.cycle_key()


def current(request: HttpRequest) -> Compte | None:
    """The board account of the session, or None (never a staff user)."""
    if hasattr(request, "_bourse_compte"):
        return request._bourse_compte  # type: ignore[attr-defined]
    compte = None
    pk = request.session.get(SESSION_KEY)
    if pk is not None:
        compte = Compte.objects.select_related("structure", "employeur", "jeune").filter(pk=pk).first()
        now = int(time.time())
        idle = int(settings.TRAJECTOIRES_SESSION_INACTIVITE_MINUTES) * 60
        absolute = int(settings.TRAJECTOIRES_SESSION_DUREE_MAX_HEURES) * 3600
        seen, at = request.session.get(SESSION_SEEN, 0), request.session.get(SESSION_AT, 0)
        if (
            compte is None
            or not constant_time_compare(request.session.get(SESSION_HASH, ""), _hash(compte))
            or now - seen > idle
            or now - at > absolute
        ):
            logout(request)
            compte = None
        elif now - seen >= 60:
            request.session[SESSION_SEEN] = now
    request._bourse_compte = compte  # type: ignore[attr-defined]
    return compte


def compte_requis(*types: TypeCompte) -> Callable:
    """A board page for a logged-in, confirmed account of one of `types`, of the URL's Mission
    Locale (`code`): anyone else is sent to the board's login page; an account of another
    Mission Locale or of another kind gets 404 (the page does not exist for it)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_not_required
        @wraps(view)
        def wrapped(request: HttpRequest, code: str, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
            compte = current(request)
            if compte is None or not compte.confirme:
                target = reverse("bourse:connexion", args=[code])
                return HttpResponseRedirect(f"{target}?{urlencode({'suite': request.path})}")
            if compte.structure.code != code or compte.type not in types:
                raise Http404("Cette page n'existe pas pour votre compte.")
            return view(request, compte, *args, **kwargs)

        return wrapped

    return decorator
