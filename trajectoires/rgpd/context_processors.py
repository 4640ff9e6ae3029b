from __future__ import annotations

from django.http import HttpRequest

from trajectoires.accounts.perms import can_read_audit


def rgpd(request: HttpRequest) -> dict[str, bool]:
    """Whether the navigation shows the audit journal (same rule as the page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_audit": can_read_audit(user)}
