"""The API tests reuse the workspace's world: one Mission Locale seen by every role."""

from __future__ import annotations

import pytest

from tests.workspace.conftest import World
from trajectoires.accounts.enums import Role
from trajectoires.api.models import ApiToken


@pytest.fixture
def tokens(world: World) -> dict[Role, str]:
    """A personal API token per role of the world."""
    return {role: ApiToken.issue(world.user(role), "tests")[1] for role in Role}


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
