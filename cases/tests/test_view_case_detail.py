import pytest

from audit.models import AuditEvent
from cases.models import CaseNote
from intake.models import Message
from tipline.test import login_staff

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(analyst_a):
    return accept(submit(language="en"), analyst_a)


def url(case, tail=""):
    return f"/staff/cases/{case.number}/{tail}"


def test_it_shows_the_case_file_and_audits_the_view(client, analyst_a, case):
    response = login_staff(client, analyst_a).get(url(case))
    assert response.status_code == 200
    assert case.number in response.content.decode()
    assert AuditEvent.objects.filter(action="case.view", target_id=case.number).exists()


def test_the_case_lists_its_reporters_without_naming_them(client, analyst_a, case):
    org = submit(
        language="en",
        reporter_kind="organisation",
        contact={"organisation": "Acme Ltd", "organisation_type": "company"},
    )
    accept(org, analyst_a, case=case)
    client.cookies["django_language"] = "en"
    page = login_staff(client, analyst_a).get(url(case)).content.decode()
    assert "an organisation" in page
    assert "anonymous" in page
    assert "Acme" not in page


def test_a_mangled_report_parameter_is_ignored(client, analyst_a, case):
    response = login_staff(client, analyst_a).get(url(case), {"report": "nope", "template": "ack"})
    assert response.status_code == 200


def test_a_template_prefills_the_message_in_the_reporters_language(client, analyst_a, case):
    response = login_staff(client, analyst_a).get(url(case), {"template": "request_info"})
    assert response.context["message_form"].initial["body"].startswith("Thank you")


def test_the_status_changes_and_the_case_closes(client, analyst_a, case):
    login_staff(client, analyst_a)
    assert client.post(url(case, "status/"), {"status": "under_investigation"}).status_code == 302
    body = {"status": "closed", "outcome": "substantiated", "public_outcome": "Done."}
    assert client.post(url(case, "status/"), body).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_a_refused_status_change_shows_the_error(client, analyst_a, case):
    response = login_staff(client, analyst_a).post(url(case, "status/"), {"status": "closed"})
    assert response.status_code == 422
    assert response.context["status_form"].errors


def test_analysts_are_assigned(client, supervisor, analyst_a, case):
    response = login_staff(client, supervisor).post(
        url(case, "assign/"), {"analysts": [analyst_a.pk]}
    )
    assert response.status_code == 302
    assert list(case.assigned.all()) == [analyst_a]


def test_an_analyst_of_another_unit_is_not_offered(client, supervisor, analyst_b, case):
    response = login_staff(client, supervisor).post(
        url(case, "assign/"), {"analysts": [analyst_b.pk]}
    )
    assert response.status_code == 422


def test_a_note_is_added(client, analyst_a, case):
    response = login_staff(client, analyst_a).post(url(case, "notes/"), {"body": "check the van"})
    assert response.status_code == 302
    assert CaseNote.objects.filter(case=case).count() == 1
    assert "check the van" in client.get(url(case)).content.decode()


def test_a_message_goes_to_the_reporter(client, analyst_a, case):
    report = case.links.get().report
    body = {"report": report.pk, "body": "Please send the photo again.", "feedback": ""}
    assert login_staff(client, analyst_a).post(url(case, "messages/"), body).status_code == 302
    assert Message.objects.filter(report=report, author="agency").exists()


def test_the_reporters_reply_shows_in_the_case(client, analyst_a, case):
    from intake.actions.mailbox import do_post_message

    do_post_message(case.links.get().report, "The van is blue.", author="reporter")
    assert "The van is blue." in login_staff(client, analyst_a).get(url(case)).content.decode()


PAGES = [
    ("get", "", {}),
    ("post", "status/", {"status": "under_investigation"}),
    ("post", "assign/", {"analysts": []}),
    ("post", "notes/", {"body": "x"}),
    ("post", "messages/", {"body": "x"}),
    ("post", "identity/", {"justification": "x"}),
]


@pytest.mark.parametrize(("method", "tail", "body"), PAGES)
def test_another_unit_gets_404(client, analyst_b, case, method, tail, body):
    response = getattr(login_staff(client, analyst_b), method)(url(case, tail), body)
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "tail", "body"), PAGES)
def test_a_user_without_a_case_role_gets_403(client, intake_officer, case, method, tail, body):
    response = getattr(login_staff(client, intake_officer), method)(url(case, tail), body)
    assert response.status_code == 403


def test_the_assignment_control_is_a_tick_box_per_analyst(client, supervisor, analyst_a, case):
    page = login_staff(client, supervisor).get(url(case)).content.decode()
    assert f'type="checkbox" name="analysts" value="{analyst_a.pk}"' in page
