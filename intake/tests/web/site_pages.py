"""Driving the public site the way a browser without JavaScript does, for the site tests."""

import re

VALID_ANSWERS = {
    "a-what": "A stranger asked me about the base.",
    "a-when": "2024-05-01",
    "a-where": "110100",
    "a-kind": "person",
    "a-methods": ["online", "money"],
    "a-contact_made": "yes",
    "a-name": "Mr Li",
    "region": "110000",
}


def hidden(response, name: str) -> str:
    """The value of a hidden input in a page (tokens are URL-safe, so never HTML-escaped)."""
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    assert match, f"no hidden input {name!r} in the page"
    return match.group(1)


def fill_form(client, data=None, *, files=(), slug="espionage", **extra):
    """GET the questionnaire and POST it back with `data`; returns the response (review or form)."""
    page = client.get(f"/report/{slug}/")
    assert page.status_code == 200
    body = {**(VALID_ANSWERS if data is None else data), "form_token": hidden(page, "form_token")}
    if files:
        body["attachments"] = list(files)
    return client.post(f"/report/{slug}/", body, **extra)


def submit(client, review, **extra):
    return client.post("/report/submit/", {"draft": hidden(review, "draft")}, **extra)


def receipt_in(response) -> str:
    blocks = re.findall(r'<span class="code-block">(\d{4})</span>', response.content.decode())
    assert len(blocks) == 5, "the receipt page shows the code in five blocks of four"
    return "".join(blocks)


def report_and_get_receipt(client, *, files=()) -> str:
    review = fill_form(client, files=files)
    assert review.status_code == 200
    return receipt_in(submit(client, review))


def log_in(client, code: str):
    return client.post("/followup/", {"code": code})
