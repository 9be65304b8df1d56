"""The call in progress on a call-taker's console: which report it is about, the call script, the
receipt read-back aid and the record read back to the caller.

The report of a call lives only in the call-taker's own (server-side) session, never in a URL:
the receipt is the caller's credential, and a report id in a URL would end up in browser history
and proxy logs. "End call" forgets it. Only the call-taker who took a report can read it back.
"""

import uuid

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Region
from intake import vault
from intake.display import region_label, review_rows
from intake.followup import receipt_report
from intake.models import Category, Report
from intake.questionnaire import CALL_NOTES_KEY

CURRENT = "hotline.current_report"  # a report taken on this call
FOLLOWUP = "hotline.followup_report"  # a report the caller is following up on this call
CODE_CONFIRMED = "hotline.code_confirmed"

# The call-taker's notes go into the sealed answers under this key, after validation.
NOTES_KEY = CALL_NOTES_KEY
# Used instead if a questionnaire predating the admin check has a question keyed "call_notes"
# (a slug cannot hold ":").
NOTES_KEY_FALLBACK = "call_notes:hotline"

# How Chinese telephone operators read digits: 1 is "幺", so it is not misheard as 七.
ZH_DIGITS = "零幺二三四五六七八九"


# The session ----------------------------------------------------------------------------------


def start_taken_call(request, report: Report) -> None:
    request.session.pop(FOLLOWUP, None)
    request.session[CURRENT] = str(report.pk)
    request.session[CODE_CONFIRMED] = False


def start_followup_call(request, report: Report) -> None:
    request.session.pop(CURRENT, None)
    request.session.pop(CODE_CONFIRMED, None)
    request.session[FOLLOWUP] = str(report.pk)


def end_call(request) -> None:
    for key in (CURRENT, FOLLOWUP, CODE_CONFIRMED):
        request.session.pop(key, None)


def _report(request, key: str, **scope) -> Report | None:
    try:
        report_id = uuid.UUID(str(request.session.get(key)))
    except ValueError:
        return None
    return Report.objects.select_related("category").filter(pk=report_id, **scope).first()


def has_taken_call(request) -> bool:
    return bool(request.session.get(CURRENT))


def taken_report(request) -> Report:
    """The report this call-taker took on the current call; 404 if none or not theirs."""
    report = _report(request, CURRENT, taken_by=request.user)
    if report is None:
        raise Http404
    return report


def followup_report(request) -> Report | None:
    """The report whose receipt the caller read out on the current call."""
    return _report(request, FOLLOWUP)


# The call-taker's pages of a follow-up call: without a receipt read out, back to typing one.
caller_report = receipt_report(followup_report, "hotline:followup")


# The call script --------------------------------------------------------------------------------


def opening_lines() -> list[str]:
    return [
        _("Thank the caller. Tell them the call is confidential."),
        _(
            "Ask whether they can talk safely now. Tell them not to investigate further or put "
            "themselves at risk; if anyone is in immediate danger, call the emergency services."
        ),
        _("They do not have to give their name. Do not press for it."),
    ]


def closing_lines() -> list[str]:
    return [
        _(
            "Offer, without pressing, to note a name or a way to reach them, or the organisation "
            "they call for. It is kept encrypted, apart from the report."
        ),
        _("Read the record back to the caller and correct anything they say is wrong."),
        _(
            "Save, then give the receipt code: read it out in groups of four, digit by digit, and "
            "have the caller read it back."
        ),
        _(
            "Tell them the code is the only way to follow up (by telephone or on the website), "
            "that it cannot be recovered, and that they should keep it private."
        ),
    ]


def question_lines(category: Category) -> list[dict]:
    """What to ask, in the questionnaire's order, in the call-taker's language."""
    return [
        {"label": f.label, "help": f.help, "required": f.required} for f in category.fields.all()
    ]


# The receipt read-back aid ----------------------------------------------------------------------


def spelled_groups(blocks: list[str], language: str) -> list[dict]:
    """Each group of four digit by digit, with the Chinese words when the call is in Chinese."""
    chinese = language == "zh-hans"
    return [
        {
            "digits": " ".join(block),
            "words": " ".join(ZH_DIGITS[int(d)] for d in block) if chinese else "",
        }
        for block in blocks
    ]


# Regions ----------------------------------------------------------------------------------------


def region_options() -> list[tuple[str, str]]:
    """(code, "Province · City") for the type-ahead list, in code order."""
    regions = {r.code: r for r in Region.objects.order_by("code")}
    options = []
    for code, region in regions.items():
        names, node, depth = [], region, 0
        while node is not None and depth < 4:  # three levels exist; the bound guards bad data
            names.append(node.name)
            node, depth = regions.get(node.parent_id or ""), depth + 1
        options.append((code, " · ".join(reversed(names))))
    return options


def region_from_text(text: str, options: list[tuple[str, str]]) -> str | None:
    """A region code from what was typed: a code, "code name" as the list offers it, or a name.

    Returns None for an empty field; raises ValueError for text that names no region."""
    text = " ".join(text.split())
    if not text:
        return None
    codes = dict(options)
    first = text.split(" ", 1)[0]
    if first in codes:
        return first
    folded = text.casefold()
    found = [code for code, label in options if folded in (label.casefold(), _last(label))]
    if len(found) == 1:
        return found[0]
    raise ValueError(text)


def _last(label: str) -> str:
    return label.rsplit(" · ", 1)[-1].casefold()


# Reading the record back ------------------------------------------------------------------------


def notes_key(category: Category) -> str:
    taken = {f.key for f in category.fields.all()}
    return NOTES_KEY_FALLBACK if NOTES_KEY in taken else NOTES_KEY


def record_rows(category: Category, answers: dict, region_code: str | None) -> dict:
    """The record as the caller will hear it: questions with answers, region, call notes."""
    notes = answers.get(notes_key(category), "")
    return {
        "rows": review_rows(category.fields.all(), answers),
        "region": region_label(region_code) if region_code else "",
        "notes": notes,
    }


def saved_record(report: Report) -> dict:
    """record_rows for a stored report, decrypted: the caller is audited as a report.view."""
    answers = vault.open_answers(report)
    return record_rows(report.category, answers, report.region_id)
