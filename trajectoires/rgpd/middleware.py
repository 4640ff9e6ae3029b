"""django-auditlog's middleware (actor, address and correlation id of each change), with the
client address of `accounts.client.client_ip`: the one address of the journal and the login
throttle, never a header a client made up; and a correlation id of our own for each request
(never a client's header), so that the journal groups the entries of one action
(`AUDITLOG_CID_GETTER = request_cid`)."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest

from trajectoires.accounts.client import client_ip


_request_cid: ContextVar[str | None] = ContextVar("trajectoires_request_cid", default=None)


def request_cid() -> str | None:
    """The correlation id of the current request (None outside a request: an import, a command)."""
    return _request_cid.get()


class AuditMiddleware(AuditlogMiddleware):
    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        token = _request_cid.set(uuid.uuid4().hex)
        try:
            return super().__call__(request)
        finally:
            _request_cid.reset(token)

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str:
        return client_ip(request)
