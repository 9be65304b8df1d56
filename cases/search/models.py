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

    def __str__(self) -> str:
        return f"search document of {self.report_id}"
