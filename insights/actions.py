"""The two writes of insights: the incremental refresh (every minute) and the rebuild.

The lower apps know nothing of insights. The refresh finds what changed by reading what they
already leave behind: reports that arrived since the last run (their `created_at`), flood
memberships added since then, and the audit events since the last sequence number it read (every
triage, transfer, routing, message, case decision, award, protection request and deadline
escalation writes one). Each of those reports is re-read and its difference applied.

A transfer moves a report's whole contribution (its arrival, its times, its outcome) from the
unit that held it to the unit that holds it now, for as long as the report is held; once purged,
its counts stay with the unit that held it last.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import CaseReport
from cases.similarity.models import FloodMember
from insights.ledger import apply_states, insert_facts, insert_figures
from insights.measures import DIMENSIONS, contribution
from insights.models import DailyFigure, PurgedDay, RefreshState, ReportFact
from insights.recount import periods_in_sql, recount_in_sql
from insights.states import provinces, states
from intake.models import Report
from rewards.models import ProtectionRequest, Share

# A report's created_at is stamped before its transaction commits: look back this far for rows
# that committed late, so none is missed (those already counted produce no difference).
SLACK = timedelta(minutes=10)
BATCH = 2000


def settle_purged() -> int:
    """Facts whose report the retention purge deleted: note their days, forget the facts. The
    figures are not touched: deleting a report never changes what was counted."""
    orphans = ReportFact.objects.filter(report__isnull=True)
    days = set(orphans.values_list("day", flat=True))
    PurgedDay.objects.bulk_create([PurgedDay(day=d) for d in days], ignore_conflicts=True)
    deleted, _per_model = orphans.delete()
    return deleted


def _named_by_events(after: int, upto: int) -> set:
    """Reports named by the audit events in (after, upto], directly or through a case, a flood,
    an award or a protection request."""
    events = AuditEvent.objects.filter(seq__gt=after, seq__lte=upto)
    by_type: dict[str, set] = defaultdict(set)
    for target_type, target_id in events.values_list("target_type", "target_id"):
        if target_type and target_id:
            by_type[target_type].add(target_id)
    found = set(Report.objects.filter(id__in=by_type["report"]).values_list("id", flat=True))
    related = (
        (CaseReport.objects, "case__number__in", "case"),
        (FloodMember.objects, "flood_id__in", "flood"),
        (Share.objects, "award_id__in", "award"),
        (ProtectionRequest.objects, "id__in", "protection"),
    )
    for manager, lookup, target_type in related:
        if by_type[target_type]:
            rows = manager.filter(**{lookup: by_type[target_type]}, report__isnull=False)
            found |= set(rows.values_list("report_id", flat=True))
    return found


def candidates(since, now, after: int, upto: int) -> set:
    """Reports that may contribute differently since the last run. A deadline passing unmet is
    seen through its escalation's audit event (cases raises one for every breach within a
    minute), so no scan of the deadline columns is needed."""
    if since is None:  # the first run counts every report held
        return set(Report.objects.values_list("id", flat=True))
    since = since - SLACK
    found = set(Report.objects.filter(created_at__gte=since).values_list("id", flat=True))
    flooded = FloodMember.objects.filter(added_at__gte=since)
    found |= set(flooded.values_list("report_id", flat=True))
    return found | _named_by_events(after, upto)


def refresh(report_ids, now, province_of=None) -> int:
    """Apply the current state of these reports (in batches); returns how many changed."""
    province_of = provinces() if province_of is None else province_of
    ids, changed = list(report_ids), 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        facts = {f.report_id: f for f in ReportFact.objects.filter(report_id__in=batch)}
        pairs = states(Report.objects.filter(id__in=batch), province_of)
        changed += apply_states(pairs, facts, now)
    return changed


def do_refresh_insights(now=None) -> int:
    """The periodic incremental refresh; returns how many reports' contributions changed."""
    now = now or timezone.now()
    with transaction.atomic():
        state, _created = RefreshState.objects.select_for_update().get_or_create(pk=1)
        upto = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        settle_purged()
        changed = refresh(candidates(state.checked_at, now, state.audit_seq, upto), now)
        state.audit_seq, state.checked_at = upto, now
        if changed:
            state.figures_changed()
        state.save()
    return changed


def held_days_filter():
    return ~Q(day__in=PurgedDay.objects.values("day"))


def do_rebuild_insights(now=None) -> dict:
    """Recompute the figures of every day whose reports are all still held, from the reports
    themselves; days with a purged report keep their recorded figures untouched."""
    now = now or timezone.now()
    with transaction.atomic():
        state, _created = RefreshState.objects.select_for_update().get_or_create(pk=1)
        upto = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        settle_purged()
        purged = set(PurgedDay.objects.values_list("day", flat=True))
        _forget_held(purged)
        if connection.vendor == "postgresql":
            counted = recount_in_sql(now)
        else:
            counted = _recount(purged, now)
        periods_in_sql()
        state.audit_seq, state.checked_at = upto, now
        state.figures_changed()
        state.save()
    return {"reports": counted, "days_kept": len(purged)}


def _forget_held(purged: set) -> None:
    """Delete the daily figures and facts of the held days, about to be recounted. With every
    day held, PostgreSQL empties both tables with TRUNCATE (a DELETE of a million facts takes
    minutes and leaves them all dead); only the refresh, locked out above, uses them."""
    if not purged and connection.vendor == "postgresql":
        tables = (DailyFigure._meta.db_table, ReportFact._meta.db_table)
        with connection.cursor() as cursor:
            # TRUNCATE refuses while foreign-key checks of this transaction wait (the facts'
            # report_id): run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    DailyFigure.objects.filter(held_days_filter()).delete()
    ReportFact.objects.filter(held_days_filter()).delete()


def _recount(purged: set, now) -> int:
    """Stream every report in arrival order through contribution(), writing the figures as each
    day ends (SQLite; PostgreSQL counts in SQL: insights.recount)."""
    day, totals, facts, counted = None, defaultdict(Counter), [], 0
    reports = Report.objects.order_by("created_at")
    for report_id, state in states(reports):
        if state.day in purged:
            continue  # its fact (kept above) goes on being refreshed; the day is not rebuilt
        if state.day != day and len(totals) >= BATCH:
            insert_figures(DailyFigure, DIMENSIONS, totals)
            totals = defaultdict(Counter)
        day = state.day
        counts = contribution(state, now)
        totals[state.key].update(counts)
        facts.append((report_id, state.key, counts))
        if len(facts) >= BATCH * 5:
            insert_facts(facts)
            facts = []
        counted += 1
    insert_figures(DailyFigure, DIMENSIONS, totals)
    insert_facts(facts)
    return counted
