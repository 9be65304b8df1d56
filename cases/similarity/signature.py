"""Near-duplicate signatures: normalised text → keyed character shingles → MinHash → LSH bands.

Character n-grams need no word segmentation, so Chinese and English go through the same path.
Each shingle is keyed with the keyring's similarity key before it reaches the MinHash: without
the key, a stolen database cannot hash a guessed sentence and compare it with the stored
signatures.

The keyed hash (scheme 2) is AES-256 in ECB mode used as a keyed pseudorandom function on one
fixed-length block per shingle: an n-gram of at most 4 characters is at most 16 bytes as UTF-32
code points, zero-padded (no normalised text holds U+0000, so padding cannot make two shingles
equal). AES is a keyed permutation, so equal shingles give equal blocks and different shingles
different ones; the first 64 bits of each are the shingle's hash. One AES call over every block
of a batch replaces one MAC call per shingle (BLAKE2b in scheme 1): it was most of a rebuild's
CPU time (docs/performance.md). ECB's known weakness — equal blocks encrypt equally — is the
property wanted here, as with any deterministic MAC.
"""

import hashlib
import re
import unicodedata

import numpy
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from rensa import RMinHash

from core.crypto import current_keyring

# Measured on bench/corpus.py (docs/performance.md): with trigrams, Chinese near-duplicates keep
# an exact Jaccard >= 0.4 after the listed edits while unrelated same-topic reports stay below;
# English letters carry less each, so Latin text is shingled in 4-grams to keep those apart.
CJK_N = 3
LATIN_N = 4
BLOCK_CHARS = 4  # code points per AES block (16 bytes as UTF-32)
NUM_PERM = 128
# 42 bands of 3 rows: a pair at Jaccard 0.4 shares a band with probability 0.94, at 0.5 with
# 0.995, at 0.1 with 0.04; candidates are then checked on the full signature.
ROWS = 3
BANDS = NUM_PERM // ROWS
SEED = 20260101  # fixed: signatures computed by different processes must be comparable
MIN_SHINGLES = 8  # too little text to say anything about "the same matter"
# Bumped whenever signatures or band keys are computed differently: it is part of the key
# fingerprint stored with each signature, so rows of an older scheme are never compared with
# new ones and a rebuild redoes them (as after a key rotation).
SCHEME = 2
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation become plain), case-folded, keeping only
    letters and digits: punctuation, spaces and symbols never make two reports differ."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _points(norm: str) -> numpy.ndarray:
    return numpy.frombuffer(norm.encode("utf-32-le"), dtype="<u4")


def _size(points: numpy.ndarray) -> int:
    """Trigrams when at least half the characters are CJK (or other wide scripts)."""
    wide = int(numpy.count_nonzero(points >= 0x2E80))
    return CJK_N if wide * 2 >= len(points) else LATIN_N


def shingles(text: str) -> set[str]:
    """The plain shingles (for tests that look for them in a dump; never stored)."""
    norm = normalise(text)
    n = _size(_points(norm))
    return {norm[i : i + n] for i in range(len(norm) - n + 1)}


def _blocks(text: str) -> numpy.ndarray:
    """One row of BLOCK_CHARS code points per shingle (duplicates included), zero-padded."""
    points = _points(normalise(text))
    n = _size(points)
    count = max(0, len(points) - n + 1)
    rows = numpy.zeros((count, BLOCK_CHARS), dtype="<u4")
    for column in range(n if count else 0):
        rows[:, column] = points[column : column + count]
    return rows


def _cipher_key(key: bytes | None) -> bytes:
    key = key or current_keyring().similarity
    return hashlib.blake2b(
        b"shingle-prf", key=key, digest_size=32, person=b"tipline-sim-2"
    ).digest()


def keyed_hashes(texts: list[str], key: bytes | None = None) -> list[numpy.ndarray]:
    """Each text's distinct keyed shingle hashes (uint64), from one AES call for all texts."""
    blocks = [_blocks(text) for text in texts]
    counts = [len(b) for b in blocks]
    if not sum(counts):
        return [numpy.zeros(0, dtype="<u8") for _ in texts]
    # ECB on purpose: each 16-byte block is one shingle, and AES on a single block is a keyed PRF.
    encryptor = Cipher(algorithms.AES(_cipher_key(key)), modes.ECB()).encryptor()  # noqa: S305  # nosec B305
    sealed = encryptor.update(numpy.concatenate(blocks).tobytes()) + encryptor.finalize()
    hashes = numpy.frombuffer(sealed, dtype="<u8")[::2]  # the first 64 bits of each block
    bounds = numpy.cumsum([0, *counts])
    return [numpy.unique(hashes[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def key_fingerprint(key: bytes | None = None) -> str:
    """Which similarity key and scheme made a signature (other rows are rebuilt)."""
    key = key or current_keyring().similarity
    tag = b"fingerprint" if SCHEME == 1 else b"fingerprint-%d" % SCHEME
    return hashlib.blake2b(tag, key=key, digest_size=4).hexdigest()


def minhashes(texts: list[str], key: bytes | None = None) -> list[bytes | None]:
    """Each text's signature as bytes (NUM_PERM unsigned 32-bit values), or None for too little
    text; the MinHash of every text in one call to rensa."""
    hashed = keyed_hashes(texts, key)
    kept = [i for i, h in enumerate(hashed) if len(h) >= MIN_SHINGLES]
    out: list[bytes | None] = [None] * len(texts)
    if not kept:
        return out
    flat = numpy.concatenate([hashed[i] for i in kept])
    offsets = numpy.cumsum([0, *(len(hashed[i]) for i in kept)], dtype=numpy.uint64)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    rows = numpy.asarray(matrix.to_rows(), dtype="<u4")
    for i, row in zip(kept, rows, strict=True):
        out[i] = row.tobytes()
    return out


def minhash(text: str, key: bytes | None = None) -> bytes | None:
    return minhashes([text], key)[0]


def similarities(signature_bytes: bytes, others: list[bytes]) -> list[float]:
    """Estimated Jaccard similarity of one signature with each of `others` (the share of
    MinHash positions that agree), compared all at once in numpy: a backfill compares each
    report with up to 200 candidates, and a Python loop over 128 positions had been most of its
    time (docs/performance.md)."""
    if not others:
        return []
    mine = numpy.frombuffer(signature_bytes, dtype="<u4")
    theirs = numpy.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), NUM_PERM)
    return ((theirs == mine).sum(axis=1) / NUM_PERM).tolist()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    return similarities(a, [b])[0]


def band_keys_matrix(signatures: numpy.ndarray) -> numpy.ndarray:
    """(n, NUM_PERM) uint32 signatures → (n, BANDS) signed 64-bit band keys, all at once.

    A band's ROWS values and its number are mixed into 64 bits (splitmix64's finaliser after
    each value). The values are already keyed, so this needs to spread, not to hide."""
    bands = signatures[:, : BANDS * ROWS].astype(numpy.uint64).reshape(len(signatures), BANDS, ROWS)
    with numpy.errstate(over="ignore"):
        h = numpy.broadcast_to(
            numpy.arange(1, BANDS + 1, dtype=numpy.uint64) * numpy.uint64(0x9E3779B97F4A7C15),
            bands.shape[:2],
        ).copy()
        for row in range(ROWS):
            h ^= bands[:, :, row]
            h ^= h >> numpy.uint64(30)
            h *= numpy.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> numpy.uint64(27)
            h *= numpy.uint64(0x94D049BB133111EB)
            h ^= h >> numpy.uint64(31)
    return h.view(numpy.int64)


def band_keys(signature: bytes) -> list[int]:
    """One signed 64-bit key per band (an indexed bigint column on PostgreSQL and SQLite)."""
    matrix = numpy.frombuffer(signature, dtype="<u4").reshape(1, NUM_PERM)
    return band_keys_matrix(matrix)[0].tolist()
