"""Identifiers of rows created in the application."""

from __future__ import annotations

import uuid


def new_ext_id() -> str:
    """A stable identifier for rows created in the application (the importer's are the
    structure's own): never reused, never collides with imported identifiers."""
    return f"web-{uuid.uuid4().hex}"
