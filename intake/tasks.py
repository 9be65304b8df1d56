"""Background work for intake (django.tasks API; run by `manage.py db_worker`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from intake import storage
from intake.models import Attachment

CHUNK = 500


@task()
def sweep_abandoned_attachments() -> int:
    """Delete staged draft files never submitted, and files whose row never committed."""
    cutoff = timezone.now() - timedelta(seconds=settings.FORM_MAX_AGE_SECONDS)
    stale = Attachment.objects.filter(report__isnull=True, created_at__lt=cutoff)
    swept = 0
    for attachment_id in list(stale.values_list("id", flat=True)):
        # Row first and only while still unclaimed: a draft submitted just now keeps its files.
        deleted, _rows = Attachment.objects.filter(id=attachment_id, report__isnull=True).delete()
        if deleted:
            storage.delete(attachment_id)
            swept += 1
    on_disk = list(storage.stored_ids())
    known: set = set()
    for start in range(0, len(on_disk), CHUNK):  # SQLite caps query parameters
        chunk = on_disk[start : start + CHUNK]
        known |= set(Attachment.objects.filter(id__in=chunk).values_list("id", flat=True))
    for attachment_id in set(on_disk) - known:
        if storage.older_than(attachment_id, cutoff):
            storage.delete(attachment_id)
            swept += 1
    return swept
