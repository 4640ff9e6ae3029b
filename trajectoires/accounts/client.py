"""Who is asking, and how often: the client address and the request rate limits.

- `client_ip(request)`: the one client address of a request, for the audit journal, the login
  throttle (django-axes' `AXES_CLIENT_IP_CALLABLE`) and the rate limits. `X-Forwarded-For` is
  read only when the request comes from a reverse proxy listed in `TRAJECTOIRES_PROXIES`
  (addresses or networks); the address returned is always a valid IP address, never what a
  client chose to write in a header.
- `hit(key, limit, seconds)`: counts one request against a fixed window shared by every
  process (a database row per key and window, so it holds across gunicorn workers); returns
  whether the request is within the limit.
"""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest


UNKNOWN_IP = "0.0.0.0"  # noqa: S104 (a placeholder, never bound)


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    value = getattr(settings, "TRAJECTOIRES_PROXIES", ())
    if isinstance(value, str):
        value = value.split(",")
    return _networks(tuple(value))


def _valid_ip(value: str | None) -> str | None:
    """`value` as a normalised IP address (a port or IPv6 brackets removed), or None."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("["):  # [::1]:8000
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 203.0.113.9:51000
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _is_trusted(address: str, proxies: tuple) -> bool:  # type: ignore[type-arg]
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in proxies)


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: the connection's peer, or, when the peer is one of the configured
    proxies, the nearest address in `X-Forwarded-For` that is not itself a trusted proxy. Always
    a valid IP address (`0.0.0.0` when nothing valid is known)."""
    if request is None:
        return UNKNOWN_IP
    peer = _valid_ip(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return UNKNOWN_IP
    proxies = trusted_proxies()
    if not proxies or not _is_trusted(peer, proxies):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Read from the right: each trusted proxy appended the address it received from.
    for item in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _valid_ip(item)
        if address is None:
            return peer  # a hop we cannot read: stop at the last proxy we trust
        if not _is_trusted(address, proxies):
            return address
    return peer


def axes_client_ip(request: HttpRequest) -> str:
    """django-axes' `AXES_CLIENT_IP_CALLABLE`."""
    return client_ip(request)


# --- Rate limits ------------------------------------------------------------------------------
def hit(key: str, limit: int, seconds: int, cost: int = 1) -> bool:
    """Counts one request (or `cost` units: rows returned…) for `key` in the current window of
    `seconds`; True while the count is at most `limit`. A limit of 0 or less switches it off."""
    from trajectoires.accounts.models import RateCounter

    if limit <= 0:
        return True
    now = int(time.time())
    window = now - now % seconds
    key = key[:200]
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window=window).update(count=F("count") + cost)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=cost, expires=window + seconds)
            except IntegrityError:  # created meanwhile by another request
                RateCounter.objects.filter(key=key, window=window).update(count=F("count") + cost)
            # Old windows are of no use: the first request of a window sweeps them.
            RateCounter.objects.filter(expires__lt=now).delete()
        count = RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True).first() or 0
    return count <= limit


def count(key: str, seconds: int) -> int:
    """The count of `key` in the current window of `seconds`, without adding to it."""
    from trajectoires.accounts.models import RateCounter

    now = int(time.time())
    window = now - now % seconds
    return RateCounter.objects.filter(key=key[:200], window=window).values_list("count", flat=True).first() or 0


def retry_after(seconds: int) -> int:
    """Seconds until the current window of `seconds` ends."""
    now = int(time.time())
    return seconds - now % seconds
