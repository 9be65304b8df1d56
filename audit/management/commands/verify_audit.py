"""manage.py verify_audit: walk the hash chain; exit 1 naming the first bad event."""

from django.core.management.base import BaseCommand, CommandError

from audit.actions import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain (detects edited, deleted or reordered events)."

    def handle(self, *args, **options):
        checked, bad, why = verify_chain()
        if bad is not None:
            raise CommandError(
                f"Audit event #{bad.seq} is bad: {why} ({checked} verified before it)"
            )
        if why:
            raise CommandError(f"Audit trail is bad: {why} ({checked} verified)")
        self.stdout.write(f"{checked} events verified")
