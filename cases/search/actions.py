"""A staff search: one audited event per search (the query only as a keyed hash, and the reports
shown), with snippets decrypted for the user at request time."""

import unicodedata

from accounts import permissions
from audit.actions import record
from cases.search import tokens
from cases.search.queries import SearchFilters, matching_reports
from cases.similarity.queries import case_of
from cases.similarity.text import open_text

SNIPPET_CHARS = 120


def snippet(text: str, query: str) -> str:
    """Text around the first query word found (in memory only), else the text's start."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text)
    positions = [folded.find(word) for word in tokens.words(query, for_query=True)]
    found = min((p for p in positions if p >= 0), default=0)
    start = max(0, found - SNIPPET_CHARS // 3)
    cut = text[start : start + SNIPPET_CHARS].replace("\n", " ")
    return ("…" if start else "") + cut + ("…" if start + SNIPPET_CHARS < len(text) else "")


def do_search_reports(user, filters: SearchFilters) -> tuple[int, list[dict]]:
    """(total, results) for a user who may read content; only their units' reports count."""
    permissions.require(user, permissions.CONTENT_ROLES)
    reports = matching_reports(user, filters)
    total = reports.count()
    # The snippets read each report's fields and messages: prefetched, two queries for the page
    # instead of two per result.
    page = list(
        reports.select_related("case_link__case").prefetch_related("category__fields", "messages")[
            filters.offset : filters.offset + filters.limit
        ]
    )
    record(
        "report.search",
        actor=user,
        details={
            "query": tokens.query_hash(filters.q),
            "filters": filters.described(),
            "total": total,
            "reports": [str(report.pk) for report in page],
        },
    )
    results = []
    for report in page:
        case = case_of(report)
        results.append(
            {
                "report": report.pk,
                "received_at": report.created_at,
                "category": report.category.slug,
                "region": report.region_id,
                "case": case.number if case else None,
                "snippet": snippet(open_text(report).text, filters.q),
                "object": report,
            }
        )
    return total, results
