"""core.inputguard: which bodies carry a NUL character."""

import pytest

from core.inputguard import _json_has_nul


@pytest.mark.parametrize(
    "raw",
    [b'{"a": "x\\u0000"}', b'{"a": "x\\U0000"}', b'{"a": "\\\\\\u0000"}', b'{"a": "\x00"}'],
)
def test_it_finds_a_nul_however_it_is_written(raw):
    assert _json_has_nul(raw)


@pytest.mark.parametrize("raw", [b'{"a": "C:\\\\u0000"}', b'{"a": "\\\\\\\\u0000"}', b"{}"])
def test_an_escaped_backslash_before_u0000_is_text(raw):
    assert not _json_has_nul(raw)
