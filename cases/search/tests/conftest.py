import pytest


@pytest.fixture(autouse=True)
def _units(unit_hq, unit_a, unit_b):
    """Every test here files reports into Beijing (unit A) or Shanghai (unit B)."""
