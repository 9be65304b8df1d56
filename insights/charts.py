"""Server-rendered SVG charts (pygal), inlined in the page with no script at all.

pygal writes a <script> carrying its tooltip configuration even when asked for no JavaScript
files: it is removed here. Its <style> sheet is kept and given the page's CSP nonce (the views
allow style-src 'self' plus that nonce), so the site's CSP needs no 'unsafe-inline'. Every chart
has a data table beside it in the template: the SVG is a picture (role="img" with a label), the
table is what screen readers read. pygal also writes one inline `style` attribute (on its
tooltip, unused without the script), which the CSP blocks: every such attribute is removed.

Horizontal bars are drawn top to bottom in the order of their table (pygal starts at the
bottom), and get a wider left margin when their labels are Chinese: pygal sizes labels at 0.6
of the font size a character, and a full-width character takes about 1.
"""

from __future__ import annotations

import re
import unicodedata

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pygal.style import Style

SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
STYLE_TAG = re.compile(r"<style\b[^>]*>", re.I)
SVG_TAG = re.compile(r"<svg\b", re.I)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"', re.I)
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
MARGIN = 20  # pygal's default margin around the plot
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


def _inline(svg: str, title: str) -> str:
    svg = STYLE_ATTRIBUTE.sub("", SCRIPT.sub("", svg))
    svg = STYLE_TAG.sub(f'<style nonce="{NONCE_MARK}">', svg)
    return SVG_TAG.sub(f'<svg role="img" aria-label="{escape(title)}" focusable="false"', svg, 1)


def _label_margin(labels: list[str]) -> int:
    """The left margin horizontal bars need for their labels beyond what pygal allows."""
    size = STYLE.label_font_size

    def width(text: str) -> float:
        return sum(1.05 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)

    allowed = max((len(label) for label in labels), default=0) * 0.6
    needed = max((width(label) for label in labels), default=0)
    return MARGIN + round(max(0.0, needed - allowed) * size)


def _render(title: str, labels: list[str], series: dict[str, list], horizontal: bool) -> str:
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    options = {**OPTIONS, "x_label_rotation": 0 if horizontal else 30}
    if horizontal:
        options["margin_left"] = _label_margin(labels)
        labels = labels[::-1]
        series = {name: values[::-1] for name, values in series.items()}
    chart = kind(title=title, **options)
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return _inline(chart.render(is_unicode=True), title)


def bar(title: str, labels: list[str], series: dict[str, list], *, horizontal=False) -> str:
    """A bar chart of one or more series over the same labels, as SVG markup with a placeholder
    for the CSP nonce (`with_nonce`). Drawing costs pygal some 50 ms a chart: the dashboard
    caches its charts with the rest of its page (insights.pages)."""
    labels = [str(label) for label in labels]
    series = {str(name): [v or 0 for v in values] for name, values in series.items()}
    return _render(str(title), labels, series, horizontal)


def with_nonce(svg: str, nonce: str):
    """The chart ready for the page: its style sheet allowed by this response's nonce."""
    return mark_safe(svg.replace(NONCE_MARK, escape(nonce), 1))  # noqa: S308 - pygal escapes text; scripts removed
