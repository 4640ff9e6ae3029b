"""Who may do what with the activity report (plain functions, as in the rest of the project)."""

from __future__ import annotations

from typing import Any

from trajectoires.accounts.enums import Role

# Staff who may see the young people behind a figure (for now: management and counsellors).
ROLES_JEUNES = frozenset({Role.DIRECTION, Role.CONSEILLER})
# Staff who may generate editions and write the free pages.
ROLES_EDITION = frozenset({Role.DIRECTION, Role.ADMINISTRATEUR})
# Volunteer mentors are not staff of the Mission Locale: no report for them.
ROLES_SANS_RAPPORT = frozenset({Role.PARRAIN})


def can_view_report(user: Any) -> bool:
    return bool(user.is_authenticated and user.structure_id and user.role not in ROLES_SANS_RAPPORT)


def can_see_jeunes(user: Any) -> bool:
    return can_view_report(user) and user.role in ROLES_JEUNES


def can_manage_editions(user: Any) -> bool:
    return can_view_report(user) and user.role in ROLES_EDITION
