"""The daily figures (the record of history) and the ledger that keeps them up to date.

`DailyFigure` holds counts only: one row per day × unit × channel × category × province × campaign,
one column per measure (insights.measures.MEASURES), histogram buckets included. Nothing in it
names a report, and it never loses a count when reports are purged.

`ReportFact` is the ledger: for each report still held, what it contributed at the last refresh.
Its link to the report is SET_NULL, so the retention purge (which knows nothing of insights)
leaves the fact behind with no report; the next refresh then marks the day as no longer fully
held (`PurgedDay`) and deletes the fact, leaving the figures exactly as they were. A fact lives
at most one refresh longer than its report.
"""

import uuid
from datetime import timedelta

from django.db import models

from insights.measures import MEASURES
from intake.models import Report


class DailyFigureQuerySet(models.QuerySet):
    def for_units(self, unit_ids: list[int] | None):
        """Rows of these units (None: every unit and the unrouted reports, for headquarters)."""
        return self if unit_ids is None else self.filter(unit_id__in=unit_ids)

    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)

    def weeks(self, first, last):
        """Weekly rows of the weeks that overlap [first, last]."""
        monday = first - timedelta(days=first.weekday())
        return self.filter(period=PeriodFigure.WEEK, start__gte=monday, start__lte=last)

    def months(self, first, last):
        return self.filter(
            period=PeriodFigure.MONTH, start__gte=first.replace(day=1), start__lte=last
        )


class DailyFigure(models.Model):
    # Plain ids, not foreign keys: figures outlive units, categories and campaigns as history.
    # 0 and "" stand for "none" so that the unique key holds (NULLs never conflict).
    day = models.DateField()
    unit_id = models.IntegerField(help_text="The unit holding the reports now; 0 if unrouted.")
    channel = models.CharField(max_length=60)
    category_id = models.IntegerField()
    province = models.CharField(max_length=12, help_text="Province code; empty if not given.")
    campaign_id = models.IntegerField(help_text="0 if the reports came from no campaign.")

    objects = DailyFigureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit_id", "channel", "category_id", "province", "campaign_id"],
                name="daily_figure_key",
            )
        ]
        indexes = [models.Index(fields=["unit_id", "day"], name="daily_figure_unit_day")]

    def __str__(self) -> str:
        return f"figures of {self.day} (unit {self.unit_id})"


class PeriodFigure(models.Model):
    """The same counts summed by week (Monday first) and by month, kept by the same additions as
    DailyFigure and recomputed from it by a rebuild: what the dashboards and the transparency
    page read, so that a page sums a few thousand rows rather than hundreds of thousands."""

    WEEK, MONTH = "w", "m"
    period = models.CharField(max_length=1, choices=[("w", "week"), ("m", "month")])
    start = models.DateField()
    unit_id = models.IntegerField()
    channel = models.CharField(max_length=60)
    category_id = models.IntegerField()
    province = models.CharField(max_length=12)
    campaign_id = models.IntegerField()

    objects = DailyFigureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "period",
                    "start",
                    "unit_id",
                    "channel",
                    "category_id",
                    "province",
                    "campaign_id",
                ],
                name="period_figure_key",
            )
        ]

    def __str__(self) -> str:
        return f"figures of the {self.get_period_display()} from {self.start}"


class WeekMarginQuerySet(models.QuerySet):
    def for_units(self, unit_ids: list[int] | None):
        return self if unit_ids is None else self.filter(unit_id__in=unit_ids)

    def weeks(self, first, last):
        monday = first - timedelta(days=first.weekday())
        return self.filter(start__gte=monday, start__lte=last)


class WeekMargin(models.Model):
    """The weekly figures of each unit summed over every dimension but one (a margin): one row
    per week × unit for the whole week (`dimension` ""), and one per week × unit × value of each
    of channel, category, province and campaign. What an unfiltered dashboard reads: its totals,
    weeks and groupings need nothing finer, and the margins grow with the sum of the dimensions'
    values where the weekly rows grow with their product (at a million reports over two years,
    some 13,000 rows against 67,000). Kept by the same additions as PeriodFigure and recomputed
    from it by a rebuild."""

    DIMENSIONS = ("channel", "category_id", "province", "campaign_id")
    start = models.DateField(help_text="The Monday the week begins.")
    unit_id = models.IntegerField()
    dimension = models.CharField(max_length=12, help_text='"" for the whole week.')
    value = models.CharField(max_length=60, help_text="The dimension's value, as text.")

    objects = WeekMarginQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "start", "unit_id", "value"], name="week_margin_key"
            )
        ]

    def __str__(self) -> str:
        return f"weekly margin from {self.start} by {self.dimension or 'week'}"


for _measure in MEASURES:
    DailyFigure.add_to_class(_measure, models.IntegerField(default=0))
    PeriodFigure.add_to_class(_measure, models.IntegerField(default=0))
    WeekMargin.add_to_class(_measure, models.IntegerField(default=0))


class ReportFact(models.Model):
    """What one held report contributed to DailyFigure at the last refresh (see module doc)."""

    report = models.OneToOneField(
        Report, null=True, on_delete=models.SET_NULL, related_name="insight_fact"
    )
    day = models.DateField(db_index=True)
    unit_id = models.IntegerField()
    channel = models.CharField(max_length=60)
    category_id = models.IntegerField()
    province = models.CharField(max_length=12)
    campaign_id = models.IntegerField()
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"fact of {self.report_id}"

    @property
    def key(self) -> tuple:
        return (
            self.day,
            self.unit_id,
            self.channel,
            self.category_id,
            self.province,
            self.campaign_id,
        )


class PurgedDay(models.Model):
    """A day some of whose reports have been purged: its figures can no longer be recomputed."""

    day = models.DateField(unique=True)
    noted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"purged reports on {self.day}"


class RefreshState(models.Model):
    """One row: how far the incremental refresh has read (audit sequence, wall clock)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    audit_seq = models.BigIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)
    version = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text="Changes whenever the figures do (a refresh that changed any, a rebuild): "
        "what the dashboards' cached pages are keyed by.",
    )

    def __str__(self) -> str:
        return f"insights refreshed to audit #{self.audit_seq}"

    def figures_changed(self) -> None:
        self.version = uuid.uuid4().hex
