from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    """Near-duplicates, floods and priority hints (issue 9): a sub-app of cases with its own
    tables and migrations."""

    name = "cases.similarity"
    label = "similarity"
    verbose_name = _("Similarity")
