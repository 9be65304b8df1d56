"""The charts' labels are never cut off: each is drawn whole, or cut short with an ellipsis and
its full text in a <title>, inside a label area wide enough for it (by a generous estimate of
its width; test_browser_figures measures the real text in a browser)."""

import re
import xml.etree.ElementTree as ET

from insights import charts

SVG = "{http://www.w3.org/2000/svg}"
OUTCOMES_ZH = [
    "已受理并立案",
    "垃圾信息",
    "重复",
    "虚假或恶意",
    "案件办结：查证属实",
    "案件办结：不属受理范围",
]
LONG = [
    "危害国家安全的间谍活动及其他相关行为线索、境外机构组织人员实施或者指使资助他人实施的活动",
    "Sabotage of critical infrastructure, public communication networks and their control systems",
    "WWW MMM CAPITALS TAKE MORE ROOM THAN THEIR COUNT SAYS",
    "Spam",
]


def drawn(svg: str) -> ET.Element:
    # Our own chart's markup, not untrusted input.
    return ET.fromstring(svg.replace(charts.NONCE_MARK, "n"))  # noqa: S314


def label_texts(root: ET.Element) -> list[ET.Element]:
    """The text of each label of a horizontal bar chart (its y axis, in pygal's terms)."""
    axis = next(g for g in root.iter(f"{SVG}g") if "axis y" in g.get("class", ""))
    return [t for t in axis.iter(f"{SVG}text") if t.text and not re.fullmatch(r"[\d.]+", t.text)]


def plot_left(root: ET.Element) -> float:
    plot = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot")
    return float(re.match(r"translate\(([\d.]+)", plot.get("transform")).group(1))


def check(labels: list[str]) -> list[str]:
    root = drawn(charts.bar("Outcomes", labels, {"Reports": [1] * len(labels)}, horizontal=True))
    texts = label_texts(root)
    room = plot_left(root) - 5  # pygal draws a label ending 5 px left of the plot
    shown = []
    for text in texts:
        title = text.find(f"{SVG}title")
        full = title.text if title is not None else text.text
        assert full in labels
        if text.text != full:
            assert text.text.endswith(charts.ELLIPSIS)
            assert full.startswith(text.text[:-1].rstrip())
        assert charts.text_width(text.text) * charts.STYLE.label_font_size <= room
        shown.append(full)
    assert sorted(shown) == sorted(labels)
    return [t.text for t in texts]


def test_chinese_outcome_labels_are_drawn_whole():
    shown = check(OUTCOMES_ZH)
    assert sorted(shown) == sorted(OUTCOMES_ZH)


def test_labels_longer_than_the_label_area_are_cut_short_with_their_full_text_in_a_title():
    shown = check(LONG)
    assert "Spam" in shown
    assert sum(text.endswith(charts.ELLIPSIS) for text in shown) == 3


def test_the_label_area_never_takes_more_than_its_share_of_the_chart():
    root = drawn(charts.bar("t", LONG, {"n": [1, 2, 3, 4]}, horizontal=True))
    assert plot_left(root) <= charts.OPTIONS["width"] * charts.LABEL_SHARE + charts.MARGIN + 10


def test_no_tooltip_data_is_written_for_the_removed_script():
    many = [f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 8, 15)]
    for svg in (
        charts.bar("weeks", many, {"Received": list(range(len(many)))}),
        charts.bar("bands", ["a", "b"], {"x": [1, 2], "y": [3, 4]}),
        charts.bar("outcomes", OUTCOMES_ZH, {"n": [1] * 6}, horizontal=True),
    ):
        assert "<desc" not in svg
        assert "<script" not in svg


def test_a_chart_of_many_weeks_labels_about_thirteen_of_them():
    many = [f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 8, 15)]
    root = drawn(charts.bar("weeks", many, {"Received": list(range(len(many)))}))
    axis = next(g for g in root.iter(f"{SVG}g") if "axis x" in g.get("class", ""))
    labels = [t.text for t in axis.iter(f"{SVG}text") if t.text in many]
    assert 10 <= len(labels) <= 14
    assert labels[0] == many[0]


def test_an_empty_chart_says_so_in_the_pages_language():
    from django.utils import translation

    from insights.charts import bar

    with translation.override("zh-hans"):
        svg = bar("每周收到的举报", [], {"已收到": []})
    assert "No data" not in svg
    assert "暂无" in svg
