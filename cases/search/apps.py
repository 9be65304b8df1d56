from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Keyword search over encrypted report text through a blind index (issue 9)."""

    name = "cases.search"
    label = "search"
    verbose_name = _("Search")
