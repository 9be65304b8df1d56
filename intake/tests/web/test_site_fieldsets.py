"""Radio buttons and checkbox groups sit in a fieldset whose legend asks the question.

Without it a screen reader announces "Yes, radio button, 1 of 2" and never the question.
"""

from html.parser import HTMLParser

import pytest

from intake.tests.letters.letters_pages import enter
from intake.tests.web.site_pages import fill_form
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


class ChoiceGroups(HTMLParser):
    """The legend text of the fieldset around each radio button or ticked group."""

    def __init__(self):
        super().__init__()
        self.fieldsets: list[dict] = []
        self.in_legend = False
        self.orphans: list[str] = []
        self.legends: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset":
            self.fieldsets.append({"legend": ""})
        elif tag == "legend":
            self.in_legend = True
        elif tag == "input" and attrs.get("type") == "radio":
            name = attrs.get("name", "")
            if not self.fieldsets or not self.fieldsets[-1]["legend"].strip():
                self.orphans.append(name)
            else:
                self.legends[name] = self.fieldsets[-1]["legend"].strip()

    def handle_endtag(self, tag):
        if tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        elif tag == "legend":
            self.in_legend = False

    def handle_data(self, data):
        if self.in_legend and self.fieldsets:
            self.fieldsets[-1]["legend"] += data


def groups_on(response) -> ChoiceGroups:
    parser = ChoiceGroups()
    parser.feed(response.content.decode())
    return parser


def test_the_questionnaires_choices_each_sit_under_their_question(client, category, regions):
    page = groups_on(client.get("/report/espionage/", HTTP_ACCEPT_LANGUAGE="en"))
    assert page.orphans == []
    assert page.legends == {"a-kind": "Kind", "a-contact_made": "Did they contact you?"}


def test_the_same_holds_after_an_error(client, category, regions):
    page = groups_on(fill_form(client, {"a-what": ""}, HTTP_ACCEPT_LANGUAGE="en"))
    assert page.orphans == []
    assert set(page.legends) == {"a-kind", "a-contact_made"}


def test_the_letters_forms_radio_buttons_sit_under_their_question(
    client, intake_officer, category, regions
):
    login_staff(client, intake_officer)
    start = groups_on(client.get("/staff/letters/", HTTP_ACCEPT_LANGUAGE="en"))
    assert start.orphans == []
    assert start.legends["channel"] == "How did the report arrive?"
    form = groups_on(enter(client, "letter", {"entry": "forged"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert form.orphans == []
    assert form.legends["received-receipt"] == "Does the reporter want a receipt?"
