"""Organisations as reporters on the public form: sealed in the vault, followed up like anyone."""

import re

import pytest
from django.apps import apps

from intake import vault
from intake.models import Report
from intake.tests.web.site_pages import VALID_ANSWERS, fill_form, hidden, log_in, receipt_in, submit

pytestmark = pytest.mark.django_db
ORGANISATION = "Harbour Logistics Ltd"
ON_BEHALF = {
    "contact-on_behalf": "on",
    "contact-organisation": ORGANISATION,
    "contact-organisation_type": "company",
    "contact-email": "security@harbour.example.cn",
}


def every_stored_value() -> str:
    """Every column of every row of our apps, as text: what a stolen database would show."""
    values = []
    for label in ("intake", "audit", "accounts"):
        for model in apps.get_app_config(label).get_models():
            for row in model.objects.values_list():
                values.extend(
                    bytes(v).hex() if isinstance(v, bytes | memoryview) else str(v) for v in row
                )
    return "\n".join(values)


def test_the_form_offers_to_report_on_behalf_of_an_organisation(client, category, regions):
    html = client.get("/report/espionage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    identity = html.split('id="identity"')[1]
    assert "I am reporting on behalf of an organisation" in identity
    assert 'name="contact-organisation"' in identity
    for value in ("company", "public_body", "school", "ngo", "other"):
        assert f'<option value="{value}"' in identity


def test_the_review_shows_the_organisation(client, category, regions):
    review = fill_form(client, {**VALID_ANSWERS, **ON_BEHALF}, HTTP_ACCEPT_LANGUAGE="en")
    html = review.content.decode()
    assert "on behalf of an organisation" in html
    assert ORGANISATION in html
    assert "Company" in html
    assert html.index(ORGANISATION) < html.index("security@harbour.example.cn")


def test_an_organisations_report_is_filed_as_one_with_its_name_sealed(client, category, regions):
    submit(client, fill_form(client, {**VALID_ANSWERS, **ON_BEHALF}))
    report = Report.objects.get()
    assert report.reporter_kind == "organisation"
    assert report.has_identity is True
    assert vault.open_identity(report.identity) == {
        "email": "security@harbour.example.cn",
        "organisation": ORGANISATION,
        "organisation_type": "company",
    }
    stored = every_stored_value()
    assert ORGANISATION not in stored
    assert ORGANISATION.encode().hex() not in stored


def test_a_person_stays_a_person(client, category, regions):
    submit(client, fill_form(client, {**VALID_ANSWERS, "contact-name": "Wang"}))
    assert Report.objects.get().reporter_kind == "person"


def test_ticking_the_box_needs_the_organisations_name(client, category, regions):
    data = {**VALID_ANSWERS, "contact-on_behalf": "on"}
    page = fill_form(client, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter the organisation" in page.content.decode()
    assert 'href="#id_contact-organisation"' in page.content.decode()
    assert not Report.objects.exists()


def test_an_organisations_name_without_the_box_is_not_guessed(client, category, regions):
    data = {**VALID_ANSWERS, "contact-organisation": ORGANISATION}
    page = fill_form(client, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "Tick this box" in page.content.decode()


def test_changing_answers_keeps_the_organisation(client, category, regions):
    review = fill_form(client, {**VALID_ANSWERS, **ON_BEHALF})
    edit = client.post("/report/espionage/", {"draft": hidden(review, "draft"), "edit": "1"})
    html = edit.content.decode()
    assert re.search(r'<input type="checkbox" name="contact-on_behalf"[^>]* checked>', html)
    assert f'value="{ORGANISATION}"' in html
    assert '<option value="company" selected>' in html


def test_an_organisation_follows_up_with_its_receipt(client, category, regions):
    code = receipt_in(submit(client, fill_form(client, {**VALID_ANSWERS, **ON_BEHALF})))
    response = log_in(client, code)
    assert response.status_code == 303
    page = client.get("/followup/report/")
    assert page.status_code == 200
    assert client.post("/followup/report/message/", {"body": "More news"}).status_code == 303
    assert Report.objects.get().messages.count() == 1
