"""Identifiers of rows created in the application."""

from __future__ import annotations

import uuid


def new_ext_id() -> str:
    """A stable identifier for rows created in the application (the importer's are the
    structure's own): never reused, never collides with imported identifiers."""
    return f"web-{uuid.uuid4().hex}"


# Crockford's base 32: no I, L, O, U (never read as 1, 0 or a word).
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def short_id(prefix: str = "W") -> str:
    """A short identifier a person can read out on the phone: « W-7K3M-9QXA » (40 random bits).
    Used for the files created in the application (the caller checks it is free in the
    Mission Locale); the letter W keeps them apart from imported identifiers' usual shapes."""
    import secrets

    chars = "".join(secrets.choice(_CROCKFORD) for _ in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"
