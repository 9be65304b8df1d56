"""Overdue reports and cases: every passed deadline, filterable and counted; escalations."""

from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case as SqlCase
from django.db.models import Count, DateTimeField, F, Value, When
from django.db.models.functions import Least
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from cases.actions.escalations import do_dismiss_escalation
from cases.forms import OverdueFilterForm
from cases.models import Escalation
from cases.views.common import filtered_page
from cases.views.sorting import Sorting, SortKey
from core.replicas import reads_from_replica
from intake.models import DeadlineKind, Report, missed_deadlines


def _counts(user, now) -> list[tuple[str, str, int]]:
    """(kind, label, how many) per deadline, all counted in one query."""
    aggregates = {kind: Count("pk", filter=q) for kind, q in missed_deadlines(now).items()}
    counted = Report.objects.visible_to(user).aggregate(**aggregates)
    return [(kind, label, counted[kind]) for kind, label in DeadlineKind.choices]


SORT_KEYS = [
    SortKey("priority", _("Priority"), ("priority", "created_at")),
    SortKey("age", pgettext_lazy("date", "Received"), ("-created_at",)),
    SortKey("deadline", _("Missed"), ("first_missed", "priority")),
]
# Stands in for "not missed" so that the earliest missed deadline is the least of the three on
# every database (SQLite's MIN() of a NULL is NULL, PostgreSQL's LEAST skips it).
NOT_MISSED = Value(datetime(9999, 1, 1, tzinfo=UTC), output_field=DateTimeField())


def _first_missed(now):
    """The earliest deadline a report has missed: the one that has waited longest."""
    return Least(
        *[
            SqlCase(When(missed, then=F(f"{kind}_due_at")), default=NOT_MISSED)
            for kind, missed in missed_deadlines(now).items()
        ]
    )


@staff_required
@reads_from_replica
def overdue_list(request):
    if not permissions.can_see_overdue(request.user):
        raise PermissionDenied
    now = timezone.now()
    sorting = Sorting(request, SORT_KEYS, default="priority")

    def rows(data):
        return (
            Report.objects.visible_to(request.user)
            .overdue(now, kind=data["kind"] or None)
            .matching(
                category=data["category"].slug if data["category"] else None,
                region=data["region"].code if data["region"] else None,
                priority=data["priority"],
            )
            .select_related("category", "region", "unit", "case_link__case")
            .annotate(first_missed=_first_missed(now))
        )

    context = filtered_page(request, sorting, OverdueFilterForm(request.GET), rows)
    escalations = []
    if permissions.can_supervise(request.user):
        escalations = (
            Escalation.objects.visible_to(request.user)
            .active()
            .select_related("unit", "report")
            .order_by("due_at")[:50]
        )
    context |= {
        "rows": [(report, report.overdue_kinds(now)) for report in context["page"]],
        "counts": _counts(request.user, now),
        "escalations": escalations,
        "now": now,
    }
    return render(request, "cases/overdue.html", context)


@require_POST
@staff_required
def escalation_dismiss(request, pk: int):
    if not permissions.can_supervise(request.user):
        raise PermissionDenied
    escalation = Escalation.objects.visible_to(request.user).filter(pk=pk).first()
    if escalation is None:
        raise Http404
    do_dismiss_escalation(escalation, actor=request.user)
    return redirect("cases:overdue")
