"""Background work of the rewards app (periodic: settings.PERIODIC_TASKS)."""

from django_tasks import task


@task()
def sweep_claims() -> dict:
    """Claim reminders and expiry."""
    from rewards.actions.claims import sweep_claims as sweep

    return sweep()


@task()
def escalate_protection() -> int:
    """Protection requests not acknowledged in time: raised once to the supervisors above."""
    from rewards.actions.protection import escalate_overdue

    return escalate_overdue()
