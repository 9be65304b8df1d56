"""Driving the letters-and-visits form as an intake officer's browser does, for test_letters_*."""

import io
import re

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.tests.web.site_pages import VALID_ANSWERS, hidden

MARKER = "Zhang Wei, Office 12"  # what a scanner or PDF tool writes as the author


def scanned_pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    """A one-page PDF whose metadata names its author, as scanner software does."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = MARKER
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [MARKER]
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)  # so MARKER is plainly visible in the input
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def enter(client, channel="letter", data=None, *, slug="espionage", files=(), **extra):
    """GET the entry form and POST it back; `data` adds to (or, with None values, removes from)
    a valid letter wanting a receipt."""
    url = f"/staff/letters/new/{channel}/{slug}/"
    page = client.get(url)
    assert page.status_code == 200
    body = {
        **VALID_ANSWERS,
        "received-language": "zh-hans",
        "received-received_on": "2024-05-02",
        "received-receipt": "yes",
        "entry": hidden(page, "entry"),
    }
    body.update(data or {})
    body = {key: value for key, value in body.items() if value is not None}
    if files:
        body["attachments"] = list(files)
    return client.post(url, body, **extra)


def code_on(response) -> str:
    """The receipt code on a slip, or "" if the page shows none."""
    return "".join(
        re.findall(r'<span class="code-block">(\d{4})</span>', response.content.decode())
    )
