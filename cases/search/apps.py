from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Keyword search over encrypted report text through a blind index (issue 9)."""

    name = "cases.search"
    label = "search"
    verbose_name = "Search"
