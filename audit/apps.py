from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from audit.models import AuditEvent
        from core import replicas

        # Every act writes an event: its user reads from the primary for a few seconds after.
        post_save.connect(replicas.pin_actor_of_event, sender=AuditEvent, dispatch_uid="pin")
