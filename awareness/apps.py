from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "awareness"
    verbose_name = _("Public education")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # intake (below us) may not import awareness: its pages ask the guides we register here.
        from awareness import audit, guides, notify
        from awareness.groups import on_post_migrate
        from intake import guides as intake_guides

        if guides.guide_links not in intake_guides.GUIDE_SOURCES:
            intake_guides.GUIDE_SOURCES.append(guides.guide_links)
        audit.connect()
        notify.connect()
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="awareness.sync_groups")
