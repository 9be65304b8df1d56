"""Canaries for what staff type that is not report content but names people all the same: an
identity request's justification, a custodian's decision note, and a mistyped login username.
None of them may be in a database dump in the clear (see intake/tests/test_canary.py, whose
search this reuses and proves able to see)."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from cases.models import IdentityRequest
from tipline.test import login_staff
from tipline.testing.canaries import canary, database_image, found_in

from .helpers import accept, submit

pytestmark = pytest.mark.django_db(transaction=True)  # committed, as a dump would see it


def test_no_justification_note_or_mistyped_username_is_in_the_dump(unit_a, analyst_a, custodian):
    given = {
        "justification": canary("justification"),
        "note": canary("decision-note"),
        "username": canary("analsyt_a"),
    }
    case = accept(submit(contact={"name": "Li Lei"}), analyst_a)
    asked = login_staff(Client(), analyst_a).post(
        f"/staff/cases/{case.number}/identity/",
        {"report": case.links.get().report.pk, "justification": given["justification"]},
    )
    decided = login_staff(Client(), custodian).post(
        f"/staff/custody/{IdentityRequest.objects.get().pk}/decide/",
        {"approve": "no", "note": given["note"]},
    )
    typo = Client().post("/staff/login/", {"username": given["username"], "password": "x"})
    assert [asked.status_code, decided.status_code, typo.status_code] == [302, 302, 200]
    assert AccessAttempt.objects.exists(), "axes wrote its row, so the search covered it"
    page = login_staff(Client(), custodian).get("/staff/custody/").content.decode()
    assert given["note"] in page  # stored, and opens again

    image = database_image()
    assert [name for name, secret in given.items() if found_in(image, secret)] == []
