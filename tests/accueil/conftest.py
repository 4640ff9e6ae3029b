from tests.workspace.conftest import World, fast_password_hasher, world  # noqa: F401 - shared fixtures
