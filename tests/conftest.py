"""pytest set-up only; shared helpers live in support.py (imported as `from support import ...`)."""
from __future__ import annotations

import pytest
from site_support import demo_site as _demo_site


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo catalogue's site (no PDFs, no open data), built once per test run for every test that needs it."""
    return _demo_site(tmp_path_factory)
