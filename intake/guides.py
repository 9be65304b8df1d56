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
    campaign_tag: str = ""  # the partner campaign a campaign page belongs to, if any
    summary: str = ""


@dataclass(frozen=True)
class Guides:
    general: list[GuideLink]
    by_category: dict[str, GuideLink]
    by_campaign: dict[str, GuideLink]


# Each source returns the live guides in the active language.
GUIDE_SOURCES: list[Callable[[], list[GuideLink]]] = []


def current_guides() -> Guides:
    links = [link for source in GUIDE_SOURCES for link in source()]
    by_category: dict[str, GuideLink] = {}
    by_campaign: dict[str, GuideLink] = {}
    for link in links:
        if link.category_slug:
            by_category.setdefault(link.category_slug, link)
        if link.campaign_tag:
            by_campaign.setdefault(link.campaign_tag, link)
    general = [link for link in links if not (link.category_slug or link.campaign_tag)]
    return Guides(general, by_category, by_campaign)


def campaign_guide(tag: str) -> GuideLink | None:
    """The live page of a partner campaign in the active language, if its editors made one."""
    return current_guides().by_campaign.get(tag) if tag else None
