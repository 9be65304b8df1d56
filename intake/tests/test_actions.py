import pytest
from django.db import IntegrityError

from audit.models import AuditEvent
from core.receipts import matches
from core.sanitize import sanitize
from intake import storage, vault
from intake.actions import reports as actions
from intake.actions.identity import do_reveal_identity
from intake.actions.mailbox import do_post_message
from intake.actions.reports import DraftAlreadyUsed, do_stage_attachments, do_submit_report
from intake.models import Attachment, Message, Report, ReporterIdentity
from intake.submission import NewFile, clean_contact
from tipline.test import submission
from tipline.testing.builders import png_bytes

pytestmark = pytest.mark.django_db


def new_file(name="gate.png", data=None) -> NewFile:
    data = data or png_bytes()
    return NewFile(sanitized=sanitize(data, name), original=data, filename=name)


def submit(category, **kwargs):
    args = {
        "category_id": category.id,
        "region_code": "110000",
        "answers": {"what": "something"},
        "language": "zh-hans",
        "channel": "test",
    }
    return do_submit_report(submission(**{**args, **kwargs}))


def test_submitting_stores_a_sealed_report_and_returns_its_receipt(category):
    report, receipt = submit(category)
    stored = Report.objects.get()
    assert stored.id == report.id
    assert matches(receipt, stored.receipt_hash)
    assert vault.open_answers(stored) == {"what": "something"}
    assert not stored.has_identity


def test_submitting_with_contact_and_files_writes_them_together(category):
    report, _receipt = submit(category, contact={"name": "x"}, files=[new_file()])
    assert ReporterIdentity.objects.get().report_id == report.id
    attachment = Attachment.objects.get()
    assert attachment.report_id == report.id
    assert storage.read(vault.report_key(report), attachment.id, "clean")


def test_a_receipt_collision_draws_a_new_receipt(category, monkeypatch):
    _first, taken = submit(category)
    codes = iter([taken, "98765432109876543210"])
    monkeypatch.setattr(actions, "new_receipt", lambda: next(codes))
    _second, receipt = submit(category)
    assert receipt == "98765432109876543210"
    assert Report.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # foreign keys are checked at commit
def test_other_integrity_errors_are_not_retried_away(category):
    with pytest.raises(IntegrityError):
        submit(category, region_code="999999")
    assert Report.objects.count() == 0


def test_staged_draft_files_are_claimed_on_submit(category):
    dek, _key_id, _wrapped = vault.new_report_key()
    staged = do_stage_attachments(dek, [new_file()])
    assert Attachment.objects.get().report is None
    report, _receipt = submit(category, dek=dek, staged_ids=staged)
    assert Attachment.objects.get().report_id == report.id
    assert storage.read(vault.report_key(report), staged[0], "orig") == png_bytes()


def test_a_draft_cannot_be_submitted_twice(category):
    dek, _key_id, _wrapped = vault.new_report_key()
    staged = do_stage_attachments(dek, [new_file()])
    submit(category, dek=dek, staged_ids=staged)
    with pytest.raises(DraftAlreadyUsed):
        submit(category, dek=dek, staged_ids=staged)
    assert Report.objects.count() == 1


def test_agency_messages_are_audited_reporter_messages_are_not(category, supervisor):
    report, _receipt = submit(category)
    before = AuditEvent.objects.count()
    do_post_message(report, "from the reporter", author="reporter")
    assert AuditEvent.objects.count() == before
    do_post_message(report, "from the agency", author="agency", actor=supervisor)
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.target_id) == ("message.send", str(report.id))
    assert event.actor == supervisor
    dek = vault.report_key(report)
    assert [vault.open_message(dek, m) for m in Message.objects.all()] == [
        "from the reporter",
        "from the agency",
    ]


def test_message_files_belong_to_the_message_and_the_report(category):
    report, _receipt = submit(category)
    message = do_post_message(report, "", author="reporter", files=[new_file()])
    attachment = Attachment.objects.get()
    assert (attachment.report_id, attachment.message_id) == (report.id, message.id)


def test_revealing_identity_merges_and_reseals(category):
    report, _receipt = submit(category, contact={"name": "A", "phone": "1"})
    old = ReporterIdentity.objects.get()
    do_reveal_identity(report, {"phone": "2", "email": "a@example.cn"})
    new = ReporterIdentity.objects.get()
    assert vault.open_identity(new) == {"name": "A", "phone": "2", "email": "a@example.cn"}
    assert bytes(new.wrapped_key) != bytes(old.wrapped_key)  # a fresh identity key each time


def test_revealing_identity_on_an_anonymous_report_marks_it(category):
    report, _receipt = submit(category)
    do_reveal_identity(report, {"name": "B"})
    assert Report.objects.get().has_identity
    assert Report.objects.get().reporter_kind == "person"


def test_an_organisation_revealed_later_is_listed_as_one(category):
    report, _receipt = submit(category)
    do_reveal_identity(report, {"organisation": "Acme Ltd", "organisation_type": "company"})
    assert Report.objects.get().reporter_kind == "organisation"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (None, None),
        ({}, None),
        ({"name": "  "}, None),
        ({"name": " A ", "phone": "1", "ip": "203.0.113.1"}, {"name": "A", "phone": "1"}),
    ],
)
def test_clean_contact_keeps_known_non_empty_texts(given, kept):
    assert clean_contact(given) == kept


@pytest.mark.parametrize(
    "given", ["me", ["me"], {"name": 1}, {"name": "x" * 501}, {"name": "\x00"}, {"name": "\ud800"}]
)
def test_clean_contact_refuses_what_cannot_be_stored(given):
    with pytest.raises(ValueError, match="contact"):
        clean_contact(given)
