"""A partner's view of its own campaign: reports by month, nothing finer, small cells hidden.

GET /api/v1/partner/campaigns/{tag}/figures with the partner's API key. Another partner's
campaign, or one that does not exist, is the same 404. Every figure goes through
core.smallcells: under 10 reads "fewer than 10", and with the total shown, more months are
hidden wherever the total minus the shown months would give a hidden figure, or a small sum of
hidden ones. Months without any
report are listed too (hidden like any small figure), so the list does not say which months had
some. Counted from the reports still held (deleted reports are no longer counted).
"""

from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from core import smallcells
from core.apierrors import errors
from intake.api.common import error_response
from intake.api.schemas import headers_doc
from intake.models import Campaign, Report
from intake.partners import campaigns
from intake.partners import keys as partners

router = Router(tags=["partners"], auth=None)


class FigureOut(Schema):
    reports: int | None  # None when suppressed
    shown: str  # the number, or "fewer than 10"


class MonthOut(FigureOut):
    month: str  # YYYY-MM, in the agency's time zone


class CampaignFiguresOut(Schema):
    campaign: str
    threshold: int
    total: FigureOut
    months: list[MonthOut]


def _month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _shown(cell: smallcells.Cell) -> dict:
    if cell.hidden:
        return {"reports": None, "shown": _("fewer than %(n)d") % {"n": smallcells.THRESHOLD}}
    return {"reports": cell.value, "shown": str(cell.value)}


def campaign_figures(campaign: Campaign) -> dict:
    """Reports by month since the campaign began, suppressed for publication."""
    rows = (
        Report.objects.filter(campaign=campaign)
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("id"))
    )
    counted = {_month(row["month"]): row["n"] for row in rows}
    first = min([_month(campaign.created_at), *counted])
    months = months_between(first, max([_month(timezone.now()), *counted]))
    counts = {month: counted.get(month, 0) for month in months}
    cells = smallcells.suppress_line(counts)
    return {
        "campaign": campaign.tag,
        "threshold": smallcells.THRESHOLD,
        "total": _shown(smallcells.total(sum(counted.values()))),
        "months": [{"month": f"{m:%Y-%m}", **_shown(cells[m])} for m in months],
    }


@router.get(
    "/campaigns/{tag}/figures",
    response={200: CampaignFiguresOut, **errors(400, 401, 404, 429, 503)},
    openapi_extra=headers_doc(),
    summary="Reports from one of the calling partner's campaigns, by month (small cells hidden)",
)
def figures(request: HttpRequest, tag: str):
    partner = partners.authenticate(request)
    if partner is None:
        raise partners.KeyRefused
    campaign = (
        Campaign.objects.filter(tag=tag, partner=partner).first() if campaigns.is_tag(tag) else None
    )
    if campaign is None:
        return error_response(404, _("No such campaign of yours."))
    return campaign_figures(campaign)
