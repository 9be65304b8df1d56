"""The guide links the reporting pages show (registered with intake/guides.py): the live general
guides and each category's "what to report" guide, in the active language."""

from wagtail.models import Locale, Page

from awareness.models import GENERAL_TYPES, CampaignPage, ReportGuidePage
from intake.guides import GuideLink


def _path(page) -> str | None:
    parts = page.get_url_parts()
    return parts[2] if parts else None  # the path on the public site, never a full address


def guide_links() -> list[GuideLink]:
    locale = Locale.get_active()
    order = {model: index for index, model in enumerate(GENERAL_TYPES)}
    general = sorted(
        Page.objects.live().filter(locale=locale).type(*GENERAL_TYPES).specific(),
        key=lambda page: (order.get(type(page), len(order)), page.path),
    )
    links = [GuideLink(url, page.title) for page in general if (url := _path(page))]
    for guide in (
        ReportGuidePage.objects.live()
        .filter(locale=locale, category__isnull=False)
        .select_related("category")
        .order_by("path")
    ):
        if url := _path(guide):
            links.append(GuideLink(url, guide.title, guide.category.slug))
    for page in (
        CampaignPage.objects.live()
        .filter(locale=locale, campaign__isnull=False, campaign__active=True)
        .select_related("campaign")
        .order_by("path")
    ):
        if url := _path(page):
            links.append(
                GuideLink(url, page.title, campaign_tag=page.campaign.tag, summary=page.summary)
            )
    return links
