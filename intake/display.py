"""How reports look to people: answers by their labels, regions by their names, status explanations,
the message thread. Shared by the public site, the hotline console and the letters form."""

from collections import defaultdict

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Region
from intake import vault
from intake.models import Report, ReportStatus

STATUS_EXPLANATIONS = {
    ReportStatus.RECEIVED: gettext_lazy(
        "Your report has arrived safely and is waiting to be read by an officer."
    ),
    ReportStatus.UNDER_REVIEW: gettext_lazy(
        "An officer is looking into your report. They may send you questions here: please check "
        "back from time to time."
    ),
    ReportStatus.CLOSED: gettext_lazy(
        "Work on your report has finished. Any outcome the agency can share is shown below. You "
        "can still send a message if you have something new."
    ),
}


def site_language() -> str:
    """The submission language: one of the two the platform speaks."""
    return "en" if (get_language() or "").lower().startswith("en") else "zh-hans"


def is_english() -> bool:
    return site_language() == "en"


def region_choices() -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Select options grouped by province: (group label or None, [(code, label)])."""
    regions = list(Region.objects.order_by("code"))
    children = defaultdict(list)
    for region in regions:
        if region.parent_id:
            children[region.parent_id].append(region)

    def below(code: str, depth: int):
        for child in children[code]:
            yield child, depth
            if depth < 4:  # three levels exist; the bound only guards against a bad import
                yield from below(child.code, depth + 1)

    groups: list[tuple[str | None, list[tuple[str, str]]]] = []
    for region in regions:
        if region.parent_id:
            continue
        nested = list(below(region.code, 0))
        if not nested:
            groups.append((None, [(region.code, region.name)]))
            continue
        options = [(region.code, _("%(name)s (whole area)") % {"name": region.name})]
        options += [(child.code, "\u2003" * depth + child.name) for child, depth in nested]
        groups.append((region.name, options))
    return groups


def region_label(code: str | None) -> str:
    """ "Province · City" for a code, as the reporter saw it in the list."""
    names = []
    region = Region.objects.filter(code=code).select_related("parent__parent").first()
    while region is not None and len(names) < 4:
        names.append(region.name)
        region = region.parent
    return " · ".join(reversed(names))


def choice_label(choice: tuple[str, str, str]) -> str:
    return choice[2] if is_english() else choice[1]


def display_answer(question, value) -> str:
    """An answer as the reporter would say it: labels for choices, names for regions."""
    if question.type == "yes_no":
        return _("Yes") if value is True or value == "yes" else _("No")
    if question.type in ("single_choice", "multiple_choice"):
        values = value if isinstance(value, list) else [value]
        # In the order the question lists them, as the reporter saw them.
        return _(", ").join(choice_label(c) for c in question.parsed_choices() if c[0] in values)
    if question.type == "region":
        return region_label(value) or value
    return str(value)


def review_rows(questions, answers: dict) -> list[dict]:
    rows = []
    for question in questions:
        value = answers.get(question.key)
        answered = value not in (None, "", [])
        rows.append(
            {
                "label": question.label,
                "value": display_answer(question, value) if answered else "",
                "answered": answered,
                "long": question.type == "long_text",
            }
        )
    return rows


def thread(report: Report, dek: bytes) -> tuple[list[dict], list[dict]]:
    """The messages (oldest first, each with its files) and the files sent with the report."""
    files_by_message = defaultdict(list)
    for att in report.attachments.all():
        files_by_message[att.message_id].append(
            {"name": vault.open_attachment_name(dek, att), "size": att.original_size}
        )
    messages = [
        {
            "from_reporter": message.author == "reporter",
            "sent_at": message.sent_at,
            "body": vault.open_message(dek, message),
            "files": files_by_message.get(message.id, []),
        }
        for message in report.messages.all()
    ]
    return messages, files_by_message.get(None, [])
