"""Background work of the rewards app (periodic: settings.PERIODIC_TASKS)."""

from django_tasks import task


@task()
def sweep_claims() -> dict:
    """Claim reminders and expiry."""
    from rewards.actions.claims import sweep_claims as sweep

    return sweep()
