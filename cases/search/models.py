"""The blind index's bookkeeping row per report. The hashed terms themselves live in a column
or table the ORM does not model (see backend.py): on PostgreSQL a `tsvector` column of this
table with a GIN index, on SQLite an FTS5 table kept in step by a trigger."""

from django.db import models
from django.utils import timezone

from intake.models import Report


class SearchDocument(models.Model):
    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    key_fp = models.CharField(max_length=8, db_index=True)  # which search key hashed the terms
    indexed_at = models.DateTimeField(default=timezone.now)
    # A copy of the report's unit, so a scoped search starts from this table: on PostgreSQL a
    # BitmapAnd of the terms' GIN index and this column's btree, instead of probing every report
    # of the unit. Written with the terms and kept in step by a trigger on the report's unit
    # (migration 0002), whichever code moves a report. Only a starting point: the search still
    # joins the reports the user may see, so a stale copy can hide a report, never show one.
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"search document of {self.report_id}"
