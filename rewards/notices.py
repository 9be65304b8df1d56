"""What the reporter is told in the follow-up mailbox (read on the web, over the API, or relayed
by a call-taker on the hotline), in the language they reported in. No amounts or names here: the
rewards page of follow-up shows the details to whoever holds the receipt."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intake.actions.mailbox import do_post_message
from intake.models import MessageAuthor

OFFERED = _(
    "Your report has been recognised with a commendation or reward. Log in to follow-up and "
    'open "Rewards" to see it and to claim it with your receipt code before the date shown.'
)
REMINDER = _(
    "Reminder: a commendation or reward for your report has not been claimed yet. Open "
    '"Rewards" in follow-up to claim it before the date shown, or to decline it.'
)
EXPIRED = _("The time to claim the commendation or reward for your report has passed.")
PAID = _("The payment of your reward has been made.")


def tell_reporter(share, text) -> None:
    report = share.report
    if report is None:  # purged: nobody left to tell
        return
    with translation.override(report.language or "zh-hans"):
        body = str(text)
    do_post_message(report, body, author=MessageAuthor.AGENCY, actor="system")
