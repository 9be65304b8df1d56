"""Background work of core (django.tasks; periodic ones listed in settings.PERIODIC_TASKS)."""

from importlib import import_module

from django.conf import settings
from django_tasks import task


@task()
def clear_expired_sessions() -> None:
    """Delete expired session rows (what `manage.py clearsessions` does), so a reporter's or an
    officer's session leaves nothing behind once it has ended, even if they never logged out."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
