"""Priority hints: administrators' rules applied by the background sweep to the text it holds.

Patterns run on RE2 (linear time, no backtracking), never on Python's `re`: a reporter's text
must not be able to stall the worker. Only the hint (rule, priority) is stored."""

import logging
import unicodedata
from functools import lru_cache

import re2
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.similarity.models import HintRule, PriorityHint
from cases.similarity.signature import normalise
from intake.models import Priority, Report

log = logging.getLogger(__name__)


class PatternError(ValueError):
    pass


@lru_cache(maxsize=512)
def compiled(pattern: str):
    try:
        return re2.compile(pattern)
    except re2.error as exc:
        raise PatternError(str(exc)) from None


def terms(rule: HintRule) -> list[str]:
    lines = f"{rule.terms_zh}\n{rule.terms_en}".splitlines()
    return [normalise(line) for line in lines if normalise(line)]


def matches(rule: HintRule, norm: str, folded: str) -> bool:
    """Terms match the normalised text (no punctuation or spaces, so "炸 弹" is "炸弹");
    the pattern matches the NFKC case-folded text."""
    if any(term in norm for term in terms(rule)):
        return True
    return bool(rule.pattern) and compiled(rule.pattern).search(folded) is not None


def best_rule(report: Report, text: str) -> HintRule | None:
    """The matching rule suggesting the highest priority (P1 before P2)."""
    norm = normalise(text)
    folded = unicodedata.normalize("NFKC", text).casefold()
    for rule in HintRule.objects.active().filter(category_id=report.category_id):
        if matches(rule, norm, folded):
            return rule  # ordered by priority
    return None


def apply(report: Report, text: str) -> PriorityHint | None:
    rule = best_rule(report, text)
    with transaction.atomic():
        current = PriorityHint.objects.select_for_update().filter(report=report).first()
        if rule is None:
            return current  # a hint once given stays: the text only grows
        if current and current.priority <= rule.priority:
            return current
        hint, _created = PriorityHint.objects.update_or_create(
            report=report, defaults={"rule": rule, "priority": rule.priority}
        )
        record(
            "report.hint",
            target_type="report",
            target_id=report.id,
            details={"rule": rule.pk, "priority": rule.priority},
        )
        if rule.priority == Priority.P1:
            transaction.on_commit(lambda: notify(report))
    return hint


def notify(report: Report) -> None:
    """A P1 hint: the unit's supervisors see it in the console at once (hint_notice reads the
    hints); e-mail too where configured. No content in the e-mail."""
    report.refresh_from_db(fields=["unit"])
    if not settings.TIPLINE_EMAIL_ESCALATIONS or report.unit is None:
        return
    recipients = [u.email for u in permissions.supervisors_of(report.unit) if u.email]
    if not recipients:
        return
    body = _("A new report may be P1 (a rule suggests it).\nOpen: /staff/reports/%(report)s/") % {
        "report": report.id
    }
    try:
        send_mail(_("Tipline: a report may be urgent"), body, None, recipients)
    except Exception:  # the console notice stands; mail trouble must not stop the sweep
        log.exception("could not email a P1 hint")
