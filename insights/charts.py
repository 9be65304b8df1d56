"""Server-rendered SVG charts (pygal), inlined in the page with no script at all.

pygal writes a <script> carrying its tooltip configuration even when asked for no JavaScript
files: it is removed here. Its <style> sheet is kept and given the page's CSP nonce (the views
allow style-src 'self' plus that nonce), so the site's CSP needs no 'unsafe-inline'. Every chart
has a data table beside it in the template: the SVG is a picture (role="img" with a label), the
table is what screen readers read.
"""

from __future__ import annotations

import re

import pygal
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


def _inline(svg: str, title: str, nonce: str) -> str:
    svg = SCRIPT.sub("", svg)
    svg = STYLE_TAG.sub(f'<style nonce="{escape(nonce)}">', svg)
    return SVG_TAG.sub(f'<svg role="img" aria-label="{escape(title)}" focusable="false"', svg, 1)


def bar(title: str, labels: list[str], series: dict[str, list], nonce: str, *, horizontal=False):
    """A bar chart of one or more series over the same labels, as inline SVG markup."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(title=title, x_label_rotation=0 if horizontal else 30, **OPTIONS)
    chart.x_labels = [str(label) for label in labels]
    for name, values in series.items():
        chart.add(str(name), [v or 0 for v in values])
    return mark_safe(_inline(chart.render(is_unicode=True), title, nonce))  # noqa: S308 - pygal escapes text; scripts removed
