"""Priority hints: administrators' rules in Chinese and English, applied by the background sweep."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases.similarity.models import HintRule, PriorityHint
from cases.similarity.tests.helpers import EN, ZH, file_report
from cases.tests.helpers import category
from intake.models import Priority
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


def rule(priority=Priority.P1, **fields):
    defaults = {"name": "威胁", "reason_zh": "涉及爆炸威胁", "reason_en": "A bomb threat"}
    return HintRule.objects.create(category=category(), priority=priority, **{**defaults, **fields})


def test_a_chinese_term_gives_its_hint():
    threat = rule(terms_zh="炸弹\n爆炸")
    report = file_report("有人在群里说要在火车站放炸 弹，时间是明天中午，请尽快处理。")
    hint = PriorityHint.objects.get(report=report)
    assert (hint.rule, hint.priority) == (threat, Priority.P1)


def test_an_english_term_matches_whatever_the_case_and_spacing():
    rule(terms_en="Bomb threat")
    report = file_report("He posted a BOMB   threat against the station and named tomorrow noon.")
    assert PriorityHint.objects.get(report=report).priority == Priority.P1


def test_a_pattern_runs_on_re2():
    rule(pattern=r"(kill|hurt)\s+(him|her|them)")
    report = file_report("The man said he would hurt them all if the guards did not leave today.")
    assert PriorityHint.objects.filter(report=report).exists()


def test_the_most_urgent_matching_rule_wins():
    rule(priority=Priority.P2, terms_zh="无人机")
    urgent = rule(priority=Priority.P1, terms_zh="炸弹")
    report = file_report(
        "有人用无人机在军港上空盘旋，还说要扔炸弹，大家都很害怕。请尽快派人来看看。"
    )
    assert PriorityHint.objects.get(report=report).rule == urgent


def test_a_report_matching_no_rule_gets_no_hint():
    rule(terms_zh="炸弹", terms_en="bomb")
    assert not PriorityHint.objects.filter(report=file_report(ZH)).exists()
    assert not PriorityHint.objects.filter(report=file_report(EN)).exists()


def test_a_rule_of_another_category_does_not_apply():
    HintRule.objects.create(
        category=category("corruption"), name="x", terms_zh="炸弹", priority=1, reason_zh="x"
    )
    file_report("他说要放炸弹，就在今天晚上，地点在车站。")
    assert not PriorityHint.objects.exists()


def test_the_hint_is_audited_without_any_content():
    rule(terms_zh="炸弹")
    file_report("有人在群里说要在火车站放炸弹，时间是明天中午，请尽快处理。")
    event = AuditEvent.objects.get(action="report.hint")
    assert "炸弹" not in str(event.details)
    assert event.details["priority"] == 1


def test_a_p1_hint_emails_the_units_supervisors(
    settings, supervisor, django_capture_on_commit_callbacks
):
    settings.TIPLINE_EMAIL_ESCALATIONS = True
    supervisor.email = "chief@example.org"
    supervisor.save()
    rule(terms_zh="炸弹")
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report("有人在群里说要在火车站放炸弹，时间是明天中午，请尽快处理。")
    assert [m.to for m in mail.outbox] == [["chief@example.org"]]
    assert str(report.id) in mail.outbox[0].body
    assert "炸弹" not in mail.outbox[0].body


def test_supervisors_see_p1_hints_in_the_queue_and_the_page_shows_the_hint(client, supervisor):
    rule(terms_zh="炸弹")
    report = file_report("有人在群里说要在火车站放炸弹，时间是明天中午，请尽快处理。")
    login_staff(client, supervisor)
    assert (
        "1 report awaiting triage may be P1"
        in client.get("/staff/triage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "涉及爆炸威胁" in page


def test_a_pattern_python_re_would_accept_but_re2_cannot_run_is_refused():
    bad = HintRule(category=category(), name="x", pattern=r"(a)\1", priority=2, reason_zh="x")
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_auditors_see_the_rules_and_analysts_do_not(client, auditor, analyst_a):
    rule(terms_zh="炸弹")
    assert "炸弹" in login_staff(client, auditor).get("/staff/hint-rules/").content.decode()
    assert login_staff(client, analyst_a).get("/staff/hint-rules/").status_code == 403
