"""Printable PDFs (reward certificates, campaign posters): HTML through WeasyPrint, with Noto CJK
(the Debian fonts-noto-cjk package) embedded, and QR codes drawn as SVG."""

import base64

import qrcode
import qrcode.image.svg


def qr_data_uri(text: str, *, box_size: int = 6) -> str:
    """A QR code of `text` as an SVG data URI, for an <img> in the HTML given to html_to_pdf."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def html_to_pdf(html: str) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML  # heavy import (Pango), only when a PDF is made

    # Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the
    # upload sanitiser needs truncated pictures refused, so it is switched back at once.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML(string=html).write_pdf()
