"""Driving the hotline console as a call-taker's browser without JavaScript does."""

import re

from intake.tests.web.site_pages import hidden, receipt_in

CALL_ANSWERS = {
    "a-what": "A man photographed the gate of the base every morning this week.",
    "a-when": "2024-05-01",
    "a-kind": "person",
    "a-methods": ["online"],
    "a-contact_made": "no",
    "region": "110100 北京市 · 北京城区",
    "language": "zh-hans",
    "call_reference": "PBX-2024-000123",
    "notes": "Caller sounded calm; saw it from the bus stop opposite.",
}


def take_call(client, data=None, *, slug="espionage", **extra):
    """Open the call form and save it with `data` (default: a complete anonymous call)."""
    page = client.get(f"/staff/hotline/new/{slug}/")
    assert page.status_code == 200
    body = {**(CALL_ANSWERS if data is None else data), "call_token": hidden(page, "call_token")}
    return client.post(f"/staff/hotline/new/{slug}/", body, **extra)


def receipt_of(response) -> str:
    return receipt_in(response)


def text(response) -> str:
    """The page without tags, whitespace collapsed, for asserting on what a person reads."""
    plain = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(plain.split())
