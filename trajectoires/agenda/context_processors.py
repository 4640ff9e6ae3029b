from __future__ import annotations

from django.http import HttpRequest

from trajectoires.accounts.perms import Cap, can


def agenda(request: HttpRequest) -> dict[str, bool]:
    """Which agenda and reception links the navigation shows (same rules as the views)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_agenda": can(user, Cap.AGENDA), "nav_accueil": can(user, Cap.WALKIN)}
