"""Links from the reporting pages to the public guides ("what to report", "your rights"...).

The guides are pages of awareness, above intake, which may not import it: awareness registers a
source here in its AppConfig.ready, and the home page and each report form ask for the links.
With no source registered (awareness not installed) the pages simply show no guide links.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GuideLink:
    url: str
    title: str
    category_slug: str = ""  # the report category a "what to report" guide is about, if any


@dataclass(frozen=True)
class Guides:
    general: list[GuideLink]
    by_category: dict[str, GuideLink]


# Each source returns the live guides in the active language.
GUIDE_SOURCES: list[Callable[[], list[GuideLink]]] = []


def current_guides() -> Guides:
    links = [link for source in GUIDE_SOURCES for link in source()]
    by_category: dict[str, GuideLink] = {}
    for link in links:
        if link.category_slug:
            by_category.setdefault(link.category_slug, link)
    return Guides([link for link in links if not link.category_slug], by_category)
