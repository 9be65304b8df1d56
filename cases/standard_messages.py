"""Standard messages to reporters, in the reporter's language (not the staff member's).

Written out in both languages here rather than through gettext: the text must follow the report's
language whatever the console's language is, and staff edit it before sending anyway."""

from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "acknowledgement": {
        "label": _("Acknowledgement"),
        "zh-hans": "您的举报已收悉，我们将认真核查处理。如需补充情况，我们会通过此信箱与您联系。"
        "请妥善保管您的回执码。",
        "en": "We have received your report and will handle it carefully. If we need more "
        "information we will ask in this mailbox. Please keep your receipt code safe.",
    },
    "request_info": {
        "label": _("Request for more information"),
        "zh-hans": "感谢您的举报。为便于核实，请在此信箱中补充以下情况：",
        "en": "Thank you for your report. To help us verify it, please add the following "
        "information in this mailbox:",
    },
    "closure": {
        "label": _("Closure"),
        "zh-hans": "您举报的事项已办理完毕。感谢您对国家安全工作的支持。",
        "en": "The matter you reported has been dealt with. Thank you for your support.",
    },
}


def template_text(kind: str, language: str) -> str:
    texts = TEMPLATES[kind]
    return texts["en"] if language.lower().startswith("en") else texts["zh-hans"]


def template_choices() -> list[tuple[str, str]]:
    return [(kind, str(spec["label"])) for kind, spec in TEMPLATES.items()]
