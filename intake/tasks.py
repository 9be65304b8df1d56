"""Background work for intake (django.tasks API; run by `manage.py db_worker`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from intake import storage
from intake.models import Attachment


@task()
def sweep_abandoned_attachments() -> int:
    """Delete staged draft files never submitted, and files whose row never committed."""
    cutoff = timezone.now() - timedelta(seconds=settings.FORM_MAX_AGE_SECONDS)
    stale = list(
        Attachment.objects.filter(report__isnull=True, created_at__lt=cutoff).values_list(
            "id", flat=True
        )
    )
    for attachment_id in stale:
        storage.delete(attachment_id)
    Attachment.objects.filter(id__in=stale).delete()
    known = set(Attachment.objects.values_list("id", flat=True))
    orphans = [aid for aid in storage.stored_ids() if aid not in known]
    for attachment_id in orphans:
        if storage.older_than(attachment_id, cutoff):
            storage.delete(attachment_id)
    return len(stale) + len(orphans)
