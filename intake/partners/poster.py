"""A campaign's printable poster: an A4 PDF in zh-Hans or English with the campaign's short link
written out and as a QR code, the hotline number, and what protects the reporter."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.pdf import html_to_pdf, qr_data_uri
from intake.models import Campaign

LANGUAGES = ("zh-hans", "en")


def campaign_url(request, campaign: Campaign) -> str:
    """The short link as printed: on the public site's address when it is set (the admin may be
    reached under another name), else on the address this request came to."""
    path = reverse("campaign_link", args=[campaign.tag])
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def render_poster(campaign: Campaign, *, url: str, language: str) -> bytes:
    language = language if language in LANGUAGES else "zh-hans"
    with translation.override(language):
        html = render_to_string(
            "intake/partners/poster.html",
            {
                "campaign_name": campaign.name_en
                if language == "en" and campaign.name_en
                else campaign.name_zh,
                "agency": settings.AGENCY_NAME_EN if language == "en" else settings.AGENCY_NAME_ZH,
                "hotline": settings.HOTLINE_NUMBER,
                "url": url,
                "qr": qr_data_uri(url, box_size=10),
                "lang": "en" if language == "en" else "zh-Hans",
            },
        )
    return html_to_pdf(html)
