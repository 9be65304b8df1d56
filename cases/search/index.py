"""Putting a report's text into the blind index (called by the background indexing sweep)."""

from cases.search import backend, tokens


def index(report, text: str, key: bytes | None = None) -> None:
    backend.store(report.pk, tokens.blind_terms(text, key), tokens.key_fingerprint(key))
