"""Background work of the cases app (django.tasks; periodic ones listed in PERIODIC_TASKS)."""

from django_tasks import task

from cases.actions.escalations import do_escalate_overdue
from cases.actions.retention import do_purge_expired
from cases.actions.routing import do_route_report
from intake.models import Report

SWEEP_BATCH = 500


@task()
def route_new_reports() -> int:
    """Route every report not yet routed (enqueued every few seconds by the scheduler).

    A sweep rather than a task per report keeps the public submission a single INSERT: under a
    flood, one task routes thousands of reports instead of doubling the writes on intake.
    """
    return route_unrouted()


def route_unrouted(now=None) -> int:
    pending = Report.objects.awaiting_triage().filter(unit__isnull=True).order_by("created_at")
    routed = 0
    while batch := list(pending.values_list("id", flat=True)[:SWEEP_BATCH]):
        done = sum(do_route_report(report_id, now=now) is not None for report_id in batch)
        routed += done
        if done == 0:  # nothing routable is left in this batch; never spin
            break
    return routed


@task()
def escalate_overdue() -> int:
    return do_escalate_overdue()


@task()
def purge_expired() -> int:
    return do_purge_expired()
