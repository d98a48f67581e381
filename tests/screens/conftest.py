"""The app fixtures are shared with tests/tui."""

from tests.tui.conftest import demo_copy, isolated_dirs, memory_keyring, services  # noqa: F401
