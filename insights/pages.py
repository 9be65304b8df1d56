"""The dashboard's page data (figures, labels and drawn charts), cached until the figures change.

The figures change only when `refresh_insights` (every minute) or a rebuild changes them, and
each such change gives RefreshState a new `version`. A page is cached under that version, the
exact set of units it covers (None for headquarters), the filters and the language: a user of
another scope can never be served it, and the first view after a change computes it afresh.
Reading the version is one primary-key lookup.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.utils.translation import get_language

from insights.figures import Filters
from insights.models import RefreshState

SECONDS = 600  # an upper bound only: a new version makes older pages unreachable at once


def version() -> str:
    found = RefreshState.objects.filter(pk=1).values_list("version", flat=True).first()
    return found or "none"


def key(filters: Filters) -> str:
    units = None if filters.unit_ids is None else sorted(filters.unit_ids)
    parts = [
        version(),
        units,
        str(filters.first),
        str(filters.last),
        filters.channel,
        filters.category_id,
        filters.province,
        filters.campaign_id,
        get_language(),
    ]
    digest = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return f"insights-page:{digest}"


def cached(filters: Filters, build) -> dict:
    """`build(filters)`, or what it gave for the same key since the figures last changed."""
    name = key(filters)
    found = cache.get(name)
    if found is None:
        found = build(filters)
        cache.set(name, found, SECONDS)
    return found
