"""Server-rendered SVG charts (pygal), inlined in the page with no script at all.

pygal writes a <script> carrying its tooltip configuration even when asked for no JavaScript
files: it is removed here. Its <style> sheet is kept and given the page's CSP nonce (the views
allow style-src 'self' plus that nonce), so the site's CSP needs no 'unsafe-inline'. Every chart
has a data table beside it in the template: the SVG is a picture (role="img" with a label), the
table is what screen readers read. pygal also writes one inline `style` attribute (on its
tooltip, unused without the script), which the CSP blocks: every such attribute is removed.

Horizontal bars are drawn top to bottom in the order of their table (pygal starts at the
bottom), with a label area sized to their longest label (pygal sizes labels at 0.6 of the font
size a character, too little for Chinese, where a character takes a whole em, and for capitals),
but never more than LABEL_SHARE of the chart: a longer label is cut short with an ellipsis, its
full text kept in a <title> on it and, as always, in the table beside the chart.

pygal writes, for every bar, <desc> data that only its tooltip script reads (removed here): the
bar classes below skip it, which makes a chart of many bars about a quarter cheaper to draw. A
chart of many weeks labels only about 13 of them (MANY_LABELS): 105 labels at two years overlap
one another and cost as much to draw as the bars; and a single series of that many values (the
weeks of a year or two) is drawn as a filled line, which reads better than a hundred thin bars
and costs a third as much.
"""

from __future__ import annotations

import re
import unicodedata

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
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
LABEL_SHARE = 0.4  # of the chart's width, at most, for the labels of horizontal bars
ELLIPSIS = "…"
MANY_LABELS = 26  # above this many, a vertical chart labels only about 13 of them
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


class _Quiet:
    """No per-bar data for pygal's tooltip script (which is removed anyway)."""

    def _tooltip_and_print_values(self, *args, **kwargs) -> None:
        return None


class Bar(_Quiet, pygal.Bar):
    pass


class HorizontalBar(_Quiet, pygal.HorizontalBar):
    pass


class Line(pygal.Line):
    """A filled line without a dot per point (whose tooltip data cost as much as bars do)."""


def text_width(text: str) -> float:
    """A generous estimate of a label's width, in ems: a full-width (Chinese) character takes
    one, a capital up to 0.75 (Arial's widest), anything else at most 0.6."""
    found = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            found += 1.05
        else:
            found += 0.75 if char.isupper() else 0.6
    return found


def shortened(label: str, ems: float) -> str:
    """The label as it fits in `ems`: whole, or cut short with an ellipsis."""
    if text_width(label) <= ems:
        return label
    while label and text_width(label + ELLIPSIS) > ems:
        label = label[:-1]
    return label.rstrip() + ELLIPSIS


def _fit_labels(labels: list[str]) -> tuple[list[str], int]:
    """Horizontal bars' labels as drawn (cut short beyond LABEL_SHARE of the width) and the left
    margin that holds the longest in full, beyond what pygal allows for it (0.6 em a character)."""
    size = STYLE.label_font_size
    shown = [shortened(label, OPTIONS["width"] * LABEL_SHARE / size) for label in labels]
    allowed = max((len(label) for label in shown), default=0) * 0.6
    needed = max((text_width(label) for label in shown), default=0)
    return shown, MARGIN + round(max(0.0, needed - allowed) * size)


def _titled(svg: str, shown: list[str], labels: list[str]) -> str:
    """A <title> with the full label on each label drawn cut short (pygal escapes the text the
    same way as django's escape for these characters)."""
    for short, full in zip(shown, labels, strict=True):
        if short != full:
            mark = f">{escape(short)}</text>"
            svg = svg.replace(mark, f">{escape(short)}<title>{escape(full)}</title></text>", 1)
    return svg


def _render(title: str, labels: list[str], series: dict[str, list], horizontal: bool) -> str:
    kind = HorizontalBar if horizontal else Bar
    options = {**OPTIONS, "x_label_rotation": 0 if horizontal else 30}
    full = labels
    if horizontal:
        labels, options["margin_left"] = _fit_labels(labels)
        full, labels = full[::-1], labels[::-1]
        series = {name: values[::-1] for name, values in series.items()}
    elif len(labels) > MANY_LABELS:
        options["x_labels_major_every"] = -(-len(labels) // 13)
        options["show_minor_x_labels"] = False
        if len(series) == 1:
            kind, options["show_dots"], options["fill"] = Line, False, True
    # pygal's own "No data" would be English on a Chinese page: the tables' words instead.
    chart = kind(title=title, no_data_text=gettext("None yet."), **options)
    chart.x_labels = labels
    # The figures are counts: with small ones pygal would draw ticks at 0.1, 0.2… so give it
    # whole-number ticks itself.
    top = max((v for values in series.values() for v in values if v is not None), default=0)
    if top < 10:
        chart.y_labels = list(range(0, int(top) + 2))
    for name, values in series.items():
        chart.add(name, values)
    return _inline(_titled(chart.render(is_unicode=True), labels, full), title)


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
