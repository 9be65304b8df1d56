"""Background work for the audit trail (django.tasks API; run by `manage.py db_worker`)."""

from django_tasks import task

from audit.anchoring import do_write_checkpoint


@task()
def write_checkpoint() -> int | None:
    """Anchor the head outside the database (settings.PERIODIC_TASKS); None if it has not moved."""
    checkpoint = do_write_checkpoint(skip_unchanged=True)
    return None if checkpoint is None else checkpoint.seq
