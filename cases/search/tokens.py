"""Blind index terms: words of a text, each replaced by a keyed hash (the keyring's search key).

Chinese is segmented by rjieba in search mode (a long word also yields its parts, so "无人机"
is found by "无人机" and by "人机"); other scripts are split into lower-cased words. The index
holds only the keyed hashes: without the key, nobody can hash a guessed word to look it up.
What it still reveals (which reports share a term, how often terms occur) is in
docs/threat-model.md."""

import base64
import hashlib
import unicodedata

import rjieba

from core.crypto import current_keyring

TERM_BYTES = 10  # 80 bits: collisions among a corpus's few million distinct terms are negligible
LETTERS = TERM_BYTES * 8 // 5  # base32 letters per term, without padding


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _keep(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def words(text: str, *, for_query: bool = False) -> set[str]:
    """Index terms in search mode; a query is cut precisely (each of its words must match)."""
    cleaned = _clean(text)
    cut = rjieba.cut(cleaned) if for_query else rjieba.cut_for_search(cleaned)
    return {token.strip() for token in cut if _keep(token)}


def blind(term: str, key: bytes | None = None) -> str:
    """A term's keyed hash as 16 lower-case base32 letters (safe inside tsquery and FTS5)."""
    return blind_terms_of([term], key)[0]


def blind_terms_of(terms, key: bytes | None = None) -> list[str]:
    # One keyed state copied per term: the key is looked up once per call, not once per term.
    base = hashlib.blake2b(key=key or current_keyring().search, digest_size=TERM_BYTES)
    digests = bytearray()
    for term in terms:
        mac = base.copy()
        mac.update(term.encode())
        digests += mac.digest()
    # 10 bytes are exactly 16 base32 letters, so one encoding of all the digests, cut every 16
    # letters, is each digest's own encoding: one call instead of one per term (it was the
    # largest single cost of a rebuild).
    letters = base64.b32encode(bytes(digests)).decode().lower()
    return [letters[i : i + LETTERS] for i in range(0, len(letters), LETTERS)]


def blind_terms(text: str, key: bytes | None = None, *, for_query: bool = False) -> list[str]:
    if not for_query:
        return blind_terms_many([text], key)[0]
    return sorted(set(blind_terms_of(words(text, for_query=True), key)))


def blind_terms_many(texts: list[str], key: bytes | None = None) -> list[list[str]]:
    """Each text's sorted index terms (as `blind_terms`), for a backfill's batch: a token is
    checked and hashed once per batch, however many texts hold it (reports share most words).
    The token table lives only as long as the call, like the texts themselves."""
    cuts = [set(rjieba.cut_for_search(_clean(text))) for text in texts]
    term_of = {token: token.strip() for token in set().union(*cuts) if _keep(token)}
    distinct = sorted(set(term_of.values()))
    blind_of = dict(zip(distinct, blind_terms_of(distinct, key), strict=True))
    of_token = {token: blind_of[term] for token, term in term_of.items()}.get
    return [sorted({of_token(t) for t in cut} - {None}) for cut in cuts]


def key_fingerprint(key: bytes | None = None) -> str:
    key = key or current_keyring().search
    return hashlib.blake2b(b"fingerprint", key=key, digest_size=4).hexdigest()


def query_hash(query: str) -> str:
    """What the audit trail keeps of a search: a keyed hash of the query, never its words."""
    return hashlib.blake2b(
        _clean(query).strip().encode(), key=current_keyring().search, digest_size=16
    ).hexdigest()
