"""Server-rendered SVG charts (pygal), inlined in the page with no script at all.

pygal writes a <script> carrying its tooltip configuration even when asked for no JavaScript
files: it is removed here. Its <style> sheet is kept and given the page's CSP nonce (the views
allow style-src 'self' plus that nonce), so the site's CSP needs no 'unsafe-inline'. Every chart
has a data table beside it in the template: the SVG is a picture (role="img" with a label), the
table is what screen readers read.
"""

from __future__ import annotations

import hashlib
import json
import re

import pygal
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pygal.style import Style

SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
STYLE_TAG = re.compile(r"<style\b[^>]*>", re.I)
SVG_TAG = re.compile(r"<svg\b", re.I)
# GOV.UK palette colours with at least 3:1 contrast against white (WCAG 2.2 non-text contrast).
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f"),
    font_family="Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=14,
)
OPTIONS = {
    "js": [],
    "disable_xml_declaration": True,
    "style": STYLE,
    "width": 720,
    "height": 320,
    "show_legend": True,
    "legend_at_bottom": True,
    "print_values": False,
    "explicit_size": False,
}


NONCE_MARK = "__NONCE__"
CACHE_SECONDS = 600


def _inline(svg: str, title: str) -> str:
    svg = SCRIPT.sub("", svg)
    svg = STYLE_TAG.sub(f'<style nonce="{NONCE_MARK}">', svg)
    return SVG_TAG.sub(f'<svg role="img" aria-label="{escape(title)}" focusable="false"', svg, 1)


def _render(title: str, labels: list[str], series: dict[str, list], horizontal: bool) -> str:
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(title=title, x_label_rotation=0 if horizontal else 30, **OPTIONS)
    chart.x_labels = labels
    # The figures are counts: with small ones pygal would draw ticks at 0.1, 0.2… so give it
    # whole-number ticks itself.
    top = max((v for values in series.values() for v in values if v is not None), default=0)
    if top < 10:
        chart.y_labels = list(range(0, int(top) + 2))
    for name, values in series.items():
        chart.add(name, values)
    return _inline(chart.render(is_unicode=True), title)


def bar(title: str, labels: list[str], series: dict[str, list], nonce: str, *, horizontal=False):
    """A bar chart of one or more series over the same labels, as inline SVG markup.

    Drawing costs pygal some 50 ms a chart, so the markup is cached by what it shows (the figures
    change at most once a minute); the request's nonce goes in afterwards."""
    labels = [str(label) for label in labels]
    series = {str(name): [v or 0 for v in values] for name, values in series.items()}
    key = (
        "insights-chart:"
        + hashlib.sha256(
            json.dumps([title, labels, series, horizontal], default=str).encode()
        ).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = _render(str(title), labels, series, horizontal)
        cache.set(key, svg, CACHE_SECONDS)
    return mark_safe(svg.replace(NONCE_MARK, escape(nonce), 1))  # noqa: S308 - pygal escapes text; scripts removed
