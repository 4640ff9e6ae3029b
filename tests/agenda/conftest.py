from tests.workspace.conftest import World, fast_password_hasher  # noqa: F401 - shared fixture
