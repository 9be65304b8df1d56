"""Duration histograms: the stated bucket edges, which bucket a duration falls in, and quantiles
read back from the bucket counts.

Bucket i holds durations d with EDGES[i-1] < d <= EDGES[i] (the first from 0, the last open-ended).
The edges include 7 days and 90 days, the legal defaults for acknowledgement and feedback, so
"acknowledged within 7 days" and "first feedback within 3 months" are exact sums of buckets; the
others are chosen so a median or a 90th percentile read from them is never more than a bucket off.
Nothing here touches the database.
"""

from __future__ import annotations

from datetime import timedelta

HOUR = 3600
EDGE_HOURS = (1, 4, 12, 24, 48, 72, 168, 336, 720, 1440, 2160, 4320)
EDGES = tuple(h * HOUR for h in EDGE_HOURS)  # seconds; a last bucket beyond 180 days is implied
BUCKETS = len(EDGES) + 1
WITHIN_7_DAYS = EDGE_HOURS.index(168) + 1  # buckets [0, WITHIN_7_DAYS) are <= 7 days
WITHIN_90_DAYS = EDGE_HOURS.index(2160) + 1


def bucket_of(duration: timedelta) -> int:
    """The bucket of a duration (a negative one, a clock skew, counts as the first)."""
    seconds = duration.total_seconds()
    for index, edge in enumerate(EDGES):
        if seconds <= edge:
            return index
    return len(EDGES)


def bucket_label(index: int) -> str:
    """A short, language-neutral label of a bucket's upper edge: "≤1h", "≤7d", ">180d"."""
    if index >= len(EDGES):
        return f">{_short(EDGE_HOURS[-1])}"
    return f"≤{_short(EDGE_HOURS[index])}"


def _short(hours: int) -> str:
    return f"{hours // 24}d" if hours >= 24 and hours % 24 == 0 else f"{hours}h"


def quantile(counts: list[int], q: float) -> float | None:
    """The q-quantile in seconds, interpolated linearly inside its bucket; None with no data, and
    infinity when it falls in the open last bucket (shown as "more than 180 days")."""
    total = sum(counts)
    if total == 0:
        return None
    rank = q * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            if index >= len(EDGES):
                return float("inf")
            low = EDGES[index - 1] if index else 0
            return low + (EDGES[index] - low) * (rank - seen) / count
        seen += count
    return float("inf")
