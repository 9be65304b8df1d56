from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import decoding

        # core.decoding is Django-free; every sanitize() caller gets the configured limits.
        decoding.configure(
            max_pixels=settings.IMAGE_MAX_PIXELS,
            request_max_pixels=settings.REQUEST_MAX_PIXELS,
            decodes_at_once=settings.DECODES_AT_ONCE,
        )
