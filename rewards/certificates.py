"""Rendering a certificate as PDF with WeasyPrint, in zh-Hans or English, with Noto CJK (the
Debian fonts-noto-cjk package) embedded, and a QR code of its public verification address."""

from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import html_to_pdf, qr_data_uri

LANGUAGES = ("zh-hans", "en")


def render_pdf(certificate, contents: dict, *, verify_url: str, language: str) -> bytes:
    language = language if language in LANGUAGES else "zh-hans"
    share = certificate.share
    with translation.override(language):
        html = render_to_string(
            "rewards/certificate.html",
            {
                "certificate": certificate,
                "tier": share.award.tier.name,
                "name": contents.get("name") or "",
                "reference": share.reference,
                "code": contents["code"],
                "verify_url": verify_url,
                "qr": qr_data_uri(verify_url),
                "lang": language,
            },
        )
    return html_to_pdf(html)
