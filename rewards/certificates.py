"""Rendering a certificate as PDF with WeasyPrint, in zh-Hans or English, with Noto CJK (the
Debian fonts-noto-cjk package) embedded, and a QR code of its public verification address."""

import base64

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import translation

LANGUAGES = ("zh-hans", "en")


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def render_pdf(certificate, contents: dict, *, verify_url: str, language: str) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML  # heavy import (Pango), only when a certificate is made

    # Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the
    # upload sanitiser needs truncated pictures refused, so it is switched back at once.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

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
    return HTML(string=html).write_pdf()
