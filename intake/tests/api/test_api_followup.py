import pytest

from intake import vault
from intake.actions.mailbox import do_post_message
from intake.followup import find_report
from intake.models import Report
from tipline.testing.builders import png_upload, submit_via_api, text_upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/followup"


def follow_up(client, receipt):
    return client.get(URL, HTTP_X_RECEIPT=receipt)


def test_it_shows_status_outcome_and_no_messages_yet(client, category):
    response = follow_up(client, submit_via_api(client))
    assert response.status_code == 200
    assert response.json() == {"status": "received", "outcome": None, "messages": []}


def test_the_receipt_may_be_typed_with_spaces_dashes_or_full_width_digits(client, category):
    receipt = submit_via_api(client)
    spaced = " ".join(receipt[i : i + 4] for i in range(0, 20, 4))
    dashed = "-".join(receipt[i : i + 4] for i in range(0, 20, 4))
    full_width = receipt.translate({ord("0") + i: 0xFF10 + i for i in range(10)})
    for typed in (spaced, dashed, full_width):
        assert follow_up(client, typed).status_code == 200


def test_messages_from_both_sides_are_listed_in_order(client, category, supervisor):
    receipt = submit_via_api(client)
    report = find_report(receipt)
    do_post_message(report, "Thank you, we are looking into it.", author="agency", actor=supervisor)
    client.post(
        "/api/v1/followup/messages",
        {"body": "One more detail."},
        content_type="application/json",
        HTTP_X_RECEIPT=receipt,
    )
    messages = follow_up(client, receipt).json()["messages"]
    assert [(m["author"], m["body"]) for m in messages] == [
        ("agency", "Thank you, we are looking into it."),
        ("reporter", "One more detail."),
    ]
    assert messages[0]["attachments"] == []
    assert messages[0]["sent_at"] < messages[1]["sent_at"]


def test_reporter_files_are_listed_by_name_size_and_kind(client, category):
    receipt = submit_via_api(client)
    photo, notes = png_upload("gate.png"), text_upload("notes.txt", "plate number")
    client.post(
        "/api/v1/followup/messages",
        {"body": "Photos attached.", "attachments": [photo, notes]},
        HTTP_X_RECEIPT=receipt,
    )
    (message,) = follow_up(client, receipt).json()["messages"]
    assert message["attachments"] == [
        {"name": "gate.png", "size": photo.size, "kind": "image"},
        {"name": "notes.txt", "size": len("plate number"), "kind": "text"},
    ]


def test_the_public_outcome_is_shown_once_set(client, category):
    receipt = submit_via_api(client)
    report = find_report(receipt)
    # The cases app writes outcomes; sealing one here keeps this test inside intake.
    sealed = vault.seal_outcome(vault.report_key(report), report.id, "Handled. Thank you.")
    Report.objects.filter(id=report.id).update(outcome_sealed=sealed, status="closed")
    body = follow_up(client, receipt).json()
    assert (body["status"], body["outcome"]) == ("closed", "Handled. Thank you.")


def test_it_takes_one_query_however_many_messages(client, category, django_assert_num_queries):
    receipt = submit_via_api(client)
    for i in range(4):
        client.post(
            "/api/v1/followup/messages",
            {"body": f"note {i}", "attachments": [text_upload(f"n{i}.txt")]},
            HTTP_X_RECEIPT=receipt,
        )
    with django_assert_num_queries(1):  # the report, its messages and their files, joined
        response = follow_up(client, receipt)
    messages = response.json()["messages"]
    assert [m["body"] for m in messages] == [f"note {i}" for i in range(4)]
    assert [[a["name"] for a in m["attachments"]] for m in messages] == [
        [f"n{i}.txt"] for i in range(4)
    ]


def test_an_unknown_receipt_is_404(client, category):
    submit_via_api(client)
    response = follow_up(client, "00000000000000000000")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("receipt", ["1234", "x" * 5000, "１２３", "1234567890123456789\x00"])
def test_a_receipt_of_the_wrong_shape_is_401_and_says_why(client, category, receipt):
    submit_via_api(client)
    response = client.get(URL, HTTP_X_RECEIPT=receipt, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "A receipt code has" in response.json()["detail"]


def test_a_wrong_length_names_the_digits_typed(client, category):
    response = client.get(URL, HTTP_X_RECEIPT="1234 5678", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "A receipt code has 20 digits; you typed 8."


@pytest.mark.parametrize("headers", [{}, {"HTTP_X_RECEIPT": ""}])
def test_a_missing_receipt_header_is_401(client, category, headers):
    response = client.get(URL, **headers, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "X-Receipt" in response.json()["detail"]


def test_the_answer_it_builds_itself_has_the_documented_shape(
    client, category, supervisor, django_assert_max_num_queries
):
    from intake.api.schemas import FollowupOut

    receipt = submit_via_api(client)
    do_post_message(find_report(receipt), "Received.", author="agency", actor=supervisor)
    client.post(
        "/api/v1/followup/messages",
        {"body": "A photo.", "attachments": [png_upload()]},
        HTTP_X_RECEIPT=receipt,
    )
    with django_assert_max_num_queries(1):  # the report, its messages, their files
        answer = follow_up(client, receipt).json()
    assert FollowupOut.model_validate(answer).model_dump(mode="json") == answer
    assert [len(m["attachments"]) for m in answer["messages"]] == [0, 1]
