"""cases 0002 seals the identity-request texts that earlier versions stored in plain text."""

import pytest

from cases import vault
from cases.models import IdentityRequest
from tipline.testing.migrations import migrate, migrated_to

from .helpers import accept, submit

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test transaction

BEFORE = [("cases", "0001_initial")]
SEALING = ("cases", "0002_seal_identity_request_texts")


@pytest.fixture
def at_plain_text_schema():
    """The schema before sealing; afterwards every app's latest, whatever the test did."""
    with migrated_to(BEFORE) as apps:
        yield apps


def test_existing_texts_are_sealed_and_open_again(
    at_plain_text_schema, unit_a, analyst_a, custodian
):
    report = submit(contact={"name": "Li Lei"})
    case = accept(report, analyst_a)
    PlainRequest = at_plain_text_schema.get_model("cases", "IdentityRequest")
    common = {"report_id": report.pk, "case_id": case.pk, "analyst_id": analyst_a.pk}
    denied = PlainRequest.objects.create(
        **common,
        justification="the witness at the harbour",
        status="denied",
        decided_by_id=custodian.pk,
        decision_note="not proportionate",
    )
    waiting = PlainRequest.objects.create(**common, justification="a second look")

    migrate([SEALING])

    denied, waiting = (IdentityRequest.objects.get(pk=r.pk) for r in (denied, waiting))
    assert b"harbour" not in bytes(denied.justification_sealed)
    assert vault.open_justification(case, denied) == "the witness at the harbour"
    assert vault.open_decision_note(case, denied) == "not proportionate"
    assert vault.open_justification(case, waiting) == "a second look"
    assert waiting.decision_note_sealed is None


def test_unsealing_backwards_restores_the_plain_texts(at_plain_text_schema, unit_a, analyst_a):
    report = submit(contact={"name": "Li Lei"})
    case = accept(report, analyst_a)
    migrate([SEALING])
    from cases.actions.custody import do_request_identity

    request = do_request_identity(case, report, actor=analyst_a, justification="why we ask")
    PlainRequest = migrate(BEFORE).get_model("cases", "IdentityRequest")
    restored = PlainRequest.objects.get(pk=request.pk)
    assert (restored.justification, restored.decision_note) == ("why we ask", "")
