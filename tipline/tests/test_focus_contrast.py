"""The keyboard focus ring stands out at least 3:1 from every background it is drawn on.

WCAG 1.4.11 (non-text contrast). Read from the stylesheets themselves, so a colour change that
makes the ring faint fails here before anyone tabs through a page.
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static" / "css"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour(css: str, value: str) -> str:
    """A colour as written in `css`, with var(--name) resolved from its declaration."""
    name = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
    if name:
        value = re.search(rf"{name.group(1)}:\s*(#[0-9a-fA-F]+)", css).group(1)
    assert re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value), value
    if len(value) == 4:  # #fff is #ffffff
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def ring(css: str, selector: str) -> str:
    """The outline (or outline-color) colour the rule for `selector` gives."""
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css).group(1)
    found = re.search(r"outline(?:-color)?:\s*(?:\d+px\s+solid\s+)?([^;]+);", rule)
    return colour(css, found.group(1))


@pytest.mark.parametrize(
    ("sheet", "selector", "backgrounds"),
    [
        ("site.css", ":focus-visible", ["var(--paper)", "var(--wash)", "var(--error-wash)"]),
        ("site.css", ".site-header :focus-visible", ["var(--brand)"]),
        ("staff.css", "textarea:focus-visible", ["var(--bg)", "var(--panel)"]),
    ],
)
def test_the_focus_ring_contrasts_at_least_3_to_1(sheet, selector, backgrounds):
    css = (STATIC / sheet).read_text(encoding="utf-8")
    outline = ring(css, selector)
    for background in backgrounds:
        assert contrast(outline, colour(css, background)) >= 3, (selector, background)
