"""Background work of awareness (django.tasks; periodic ones listed in settings.PERIODIC_TASKS)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> str:
    """Wagtail's scheduled publishing, run by our scheduler: approved pages whose go-live time
    has come go live, and live pages whose expiry time has passed are taken down. Only revisions
    a publisher approved carry a go-live time (awareness/workflow.py), so this publishes nothing
    the two-person workflow did not pass."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
