import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases import vault
from cases.actions.custody import do_decide_identity_request, do_request_identity
from cases.audited_reads import reveal_identity
from cases.errors import ActionError
from cases.models import IdentityRequest
from core.crypto import DecryptionError

from .helpers import accept, submit

pytestmark = pytest.mark.django_db
CONTACT = {"name": "Li Lei", "phone": "13800000000"}


@pytest.fixture
def report(unit_a):
    return submit(contact=CONTACT)


@pytest.fixture
def case(report, analyst_a):
    return accept(report, analyst_a)


def ask(case, report, analyst):
    return do_request_identity(case, report, actor=analyst, justification="witness to interview")


def test_an_approved_analyst_sees_the_identity_and_every_step_is_audited(
    case, report, analyst_a, custodian
):
    request = ask(case, report, analyst_a)
    do_decide_identity_request(request, actor=custodian, approve=True)
    assert reveal_identity(request, actor=analyst_a) == CONTACT
    actions = list(
        AuditEvent.objects.filter(target_type="identity_request").values_list("action", flat=True)
    )
    assert actions == ["identity.request", "identity.approve", "identity.reveal"]
    assert "Li Lei" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_nothing_is_shown_before_approval(case, report, analyst_a):
    request = ask(case, report, analyst_a)
    with pytest.raises(PermissionDenied):
        reveal_identity(request, actor=analyst_a)


def test_a_denied_request_shows_nothing(case, report, analyst_a, custodian):
    request = ask(case, report, analyst_a)
    with pytest.raises(ActionError):
        do_decide_identity_request(request, actor=custodian, approve=False)  # needs a reason
    do_decide_identity_request(request, actor=custodian, approve=False, note="not needed")
    with pytest.raises(PermissionDenied):
        reveal_identity(request, actor=analyst_a)


def test_only_the_requesting_analyst_sees_it(case, report, analyst_a, supervisor, custodian):
    request = ask(case, report, analyst_a)
    do_decide_identity_request(request, actor=custodian, approve=True)
    with pytest.raises(PermissionDenied):
        reveal_identity(request, actor=supervisor)


def test_only_for_the_case_it_named(case, report, analyst_a, custodian):
    from cases.models import CaseReport

    request = ask(case, report, analyst_a)
    do_decide_identity_request(request, actor=custodian, approve=True)
    CaseReport.objects.filter(report=report).delete()
    with pytest.raises(PermissionDenied):
        reveal_identity(request, actor=analyst_a)


def test_only_custodians_decide(case, report, analyst_a, supervisor):
    request = ask(case, report, analyst_a)
    with pytest.raises(PermissionDenied):
        do_decide_identity_request(request, actor=supervisor, approve=True)


def test_a_request_is_decided_once(case, report, analyst_a, custodian):
    request = ask(case, report, analyst_a)
    do_decide_identity_request(request, actor=custodian, approve=True)
    with pytest.raises(ActionError):
        do_decide_identity_request(request, actor=custodian, approve=False, note="changed mind")


def test_a_justification_is_required(case, report, analyst_a):
    with pytest.raises(ActionError):
        do_request_identity(case, report, actor=analyst_a, justification=" ")


def test_an_anonymous_report_has_nothing_to_request(unit_a, analyst_a):
    anonymous = submit()
    case = accept(anonymous, analyst_a)
    with pytest.raises(ActionError):
        ask(case, anonymous, analyst_a)


def test_the_justification_and_the_note_are_stored_sealed(case, report, analyst_a, custodian):
    request = ask(case, report, analyst_a)
    do_decide_identity_request(request, actor=custodian, approve=False, note="not proportionate")
    request.refresh_from_db()
    assert b"witness" not in bytes(request.justification_sealed)
    assert b"proportionate" not in bytes(request.decision_note_sealed)
    assert vault.open_justification(case, request) == "witness to interview"
    assert vault.open_decision_note(case, request) == "not proportionate"


def test_an_approval_without_a_note_stores_none(case, report, analyst_a, custodian):
    request = do_decide_identity_request(
        ask(case, report, analyst_a), actor=custodian, approve=True
    )
    assert request.decision_note_sealed is None
    assert vault.open_decision_note(case, request) == ""


def test_a_sealed_justification_opens_on_no_other_request(case, report, analyst_a, custodian):
    first = ask(case, report, analyst_a)
    do_decide_identity_request(first, actor=custodian, approve=True)
    second = do_request_identity(case, report, actor=analyst_a, justification="a second look")
    IdentityRequest.objects.filter(pk=second.pk).update(
        justification_sealed=first.justification_sealed
    )
    second.refresh_from_db()
    with pytest.raises(DecryptionError):
        vault.open_justification(case, second)
