"""The fixed vocabularies of a report: status, priority, triage state, channel, reporter kind."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    CLOSED = "closed", _("Closed")


class Priority(models.IntegerChoices):
    P1 = 1, _("P1 – imminent threat to life or safety")
    P2 = 2, _("P2 – urgent")
    P3 = 3, _("P3 – normal")
    P4 = 4, _("P4 – low")


class TriageState(models.TextChoices):
    NEW = "new", _("Awaiting triage")
    ACCEPTED = "accepted", _("Accepted into a case")
    SPAM = "spam", _("Spam")
    DUPLICATE = "duplicate", _("Duplicate")
    FALSE = "false", _("False or malicious")


CHANNEL_LABELS = {
    "web": _("Website"),
    "api": _("App (API)"),
    "hotline": _("Hotline"),
    "voicemail": _("Voicemail"),
    "letter": _("Letter"),
    "visit": _("Visit"),
}


def channel_label(channel: str) -> str:
    if channel.startswith("partner:"):
        return _("Partner: %(slug)s") % {"slug": channel.removeprefix("partner:")}
    return str(CHANNEL_LABELS.get(channel, channel))


class ReporterKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANISATION = "organisation", _("An organisation")
