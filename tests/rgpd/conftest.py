"""The workspace's world (one Mission Locale seen by every role, see tests/workspace/conftest.py)
is reused here."""

from __future__ import annotations

from tests.workspace.conftest import world  # noqa: F401
