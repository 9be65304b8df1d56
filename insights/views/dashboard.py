"""The oversight dashboard and its CSV export, for supervisors, analysts and auditors, over the
figures of the units they may see (headquarters: all). Figures only: no report is ever listed."""

from __future__ import annotations

import csv
from datetime import timedelta

from csp.constants import NONCE
from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.decorators import staff_required, sudo_required
from audit.actions import record
from insights import charts, pages
from insights.figures import (
    bucket_labels,
    compliance,
    export_rows,
    labels,
    overview,
    rate,
    times,
)
from insights.forms import FigureFilterForm
from insights.measures import COUNTS, MEASURES, OUTCOMES, TRIAGE_STATES

DIMENSIONS = (
    ("channel", "channel"),
    ("category_id", "category"),
    ("province", "province"),
    ("campaign_id", "campaign"),
    ("unit_id", "unit"),
)


def _require(user) -> None:
    if not permissions.can_read_insights(user):
        raise PermissionDenied


def _labelled(dimension: str, rows: list[dict]) -> list[dict]:
    names = labels(dimension, [row[dimension] for row in rows])
    none = {"province": _("Not given"), "campaign_id": _("No campaign"), "unit_id": _("Not routed")}
    for row in rows:
        value = row[dimension]
        row["label"] = names.get(value) or none.get(dimension) or str(value)
        row.update(compliance(row))
    return rows


def _times(total: dict) -> list[dict]:
    names = {
        "ack": _("Time to acknowledge"),
        "triage": _("Time to triage"),
        "feedback": _("Time to first feedback"),
    }
    found = times(total)
    for item in found:
        item["label"] = names[item["name"]]
    return found


def _outcomes(total: dict) -> list[dict]:
    from cases.models import Outcome
    from intake.choices import TriageState

    rows = [
        {"label": str(TriageState(state).label), "count": total[f"triage_{state}"]}
        for state in TRIAGE_STATES
    ]
    rows += [
        {"label": _("Case closed: %(o)s") % {"o": Outcome(o).label}, "count": total[f"outcome_{o}"]}
        for o in OUTCOMES
    ]
    return rows


def _monday(day):
    return day - timedelta(days=day.weekday())


def context(filters) -> dict:
    """The page's data, charts drawn (with a placeholder for the nonce): what insights.pages
    caches until the figures change."""
    found = overview(filters)
    total, weeks = found["total"], found["weeks"]
    by = {name: _labelled(dim, found["by"][dim]) for dim, name in DIMENSIONS}
    durations = _times(total)
    outcomes = _outcomes(total)
    return {
        "total": total,
        "shown_first": _monday(filters.first),
        "shown_last": _monday(filters.last) + timedelta(days=6),
        "rates": compliance(total),
        "weeks": weeks,
        "by": by,
        "times": durations,
        "buckets": bucket_labels(),
        "outcomes": outcomes,
        "duplicates_rate": rate(total["triage_duplicate"], total["received"]),
        "charts": {
            "weeks": charts.bar(
                _("Reports received by week"),
                [w["week"].strftime("%Y-%m-%d") for w in weeks],
                {_("Received"): [w["received"] for w in weeks]},
            ),
            "channel": charts.bar(
                _("Reports by channel"),
                [r["label"] for r in by["channel"]],
                {_("Received"): [r["received"] for r in by["channel"]]},
                horizontal=True,
            ),
            "category": charts.bar(
                _("Reports by category"),
                [r["label"] for r in by["category"]],
                {_("Received"): [r["received"] for r in by["category"]]},
                horizontal=True,
            ),
            "times": charts.bar(
                _("How long it took (reports per time band)"),
                bucket_labels(),
                {item["label"]: item["counts"] for item in durations},
            ),
            "outcomes": charts.bar(
                _("Outcomes"),
                [row["label"] for row in outcomes],
                {_("Reports"): [row["count"] for row in outcomes]},
                horizontal=True,
            ),
        },
    }


@staff_required
@csp_update({"style-src": ["'self'", NONCE]})
def dashboard(request):
    _require(request.user)
    form = FigureFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "insights/dashboard.html", {"form": form}, status=400)
    filters = form.filters(permissions.units_seen_by(request.user))
    page = {"form": form, "filters": filters, **pages.cached(filters, context)}
    page["charts"] = {
        name: charts.with_nonce(svg, request.csp_nonce) for name, svg in page["charts"].items()
    }
    return render(request, "insights/dashboard.html", page)


@sudo_required
def dashboard_csv(request):
    """The aggregates behind the dashboard, by week × channel × category × province × campaign.
    Needs a fresh second factor and is audited, like every export."""
    _require(request.user)
    form = FigureFilterForm(request.GET)
    if not form.is_valid():
        # Every error, the fields' too (a bad category alone would otherwise be a blank 400).
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponse(
            " ".join(problems), status=400, content_type="text/plain; charset=utf-8"
        )
    rows = list(export_rows(form.filters(permissions.units_seen_by(request.user))))
    with transaction.atomic():
        record(
            "insights.export",
            actor=request.user,
            details={
                "rows": len(rows),
                "from": str(form.cleaned_data["first"]),
                "to": str(form.cleaned_data["last"]),
            },
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="insights.csv"'
    writer = csv.writer(response)
    keys = ["week", "channel", "category_id", "province", "campaign_id"]
    writer.writerow([*keys, *COUNTS, *MEASURES[len(COUNTS) :]])
    for row in rows:
        writer.writerow(
            [row["week"].strftime("%Y-%m-%d"), *(row[k] for k in keys[1:])]
            + [row[m] or 0 for m in MEASURES]
        )
    return response
