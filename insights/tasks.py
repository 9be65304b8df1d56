"""Background work of insights (django.tasks; periodic ones listed in settings.PERIODIC_TASKS)."""

from django_tasks import task

from insights.actions import do_refresh_insights


@task()
def refresh_insights() -> int:
    """Bring the daily figures up to date with what changed since the last run."""
    return do_refresh_insights()
