"""django-auditlog's middleware (actor, address and correlation id of each change), with the
client address of `accounts.client.client_ip`: the one address of the journal and the login
throttle, never a header a client made up."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest

from trajectoires.accounts.client import client_ip


class AuditMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str:
        return client_ip(request)
