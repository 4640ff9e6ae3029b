from __future__ import annotations

from django.http import HttpRequest

from trajectoires.accounts.perms import Cap, can, can_use_admin


def workspace(request: HttpRequest) -> dict[str, bool]:
    """Which workspace links the navigation shows (same rules as the views)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_search": can(user, Cap.SEARCH),
        "nav_portfolio": can(user, Cap.PORTFOLIO),
        "nav_offres": can(user, Cap.OFFRES),
        "nav_immersions": can(user, Cap.IMMERSIONS),
        "nav_manifestations": can(user, Cap.MANIFESTATIONS),
        "nav_report": can(user, Cap.REPORT),
        "nav_employeurs": can(user, Cap.EMPLOYERS),
        "nav_admin": can_use_admin(user),
        "nav_bourse": can(user, Cap.BOURSE_MODERATION) or can(user, Cap.BOURSE_LIER_JEUNE),
        "nav_parrainage": can(user, Cap.MENTORING_ADMIN),  # issue 14: the mentors and pairings
    }
