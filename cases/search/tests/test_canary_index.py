"""A raw dump holds no plaintext index term and no unkeyed hash of one (issue 9).

Report text with unique words goes through the real indexing sweep (signatures, bands, pairs,
hints, blind index); then the whole database image is searched for the words and for the
unkeyed hashes an attacker would try (SHA-256, MD5, unkeyed BLAKE2b in our encoding, and a
MinHash over the plain shingles). The keyed terms are shown to be found, so a pass means absent.
"""

import base64
import hashlib
import secrets
from array import array

import pytest
from rensa import RMinHash

from cases.search import tokens
from cases.similarity import signature
from cases.similarity.tests.helpers import file_report
from tipline.testing.canaries import database_image, found_in

pytestmark = pytest.mark.django_db(transaction=True)


def unkeyed_forms(term: str) -> list[str]:
    raw = term.encode()
    blake = hashlib.blake2b(raw, digest_size=tokens.TERM_BYTES).digest()
    return [
        hashlib.sha256(raw).hexdigest(),
        hashlib.md5(raw).hexdigest(),  # noqa: S324 - what an attacker would try, not our use
        base64.b32encode(blake).decode().lower(),
        blake.hex(),
    ]


def test_the_dump_holds_no_index_term_in_the_clear_or_unkeyed(unit_hq, unit_a, unit_b):
    word_en = f"zq{secrets.token_hex(4)}"
    word_zh = "".join(chr(0x4E00 + secrets.randbelow(0x5000)) for _ in range(4))
    text = f"有人在军港附近拍摄{word_zh}舰艇，他说代号是 {word_en}，明天还会再来这里。"
    file_report(text)
    file_report("再次举报：" + text)
    image = database_image()
    assert found_in(image, tokens.blind(word_en))  # the keyed term is there: we looked
    # Single characters are left out: any one of them may occur elsewhere in the database.
    for term in {word_en, word_zh, *(t for t in tokens.words(word_zh) if len(t) > 1)}:
        assert not found_in(image, term)
        for unkeyed in unkeyed_forms(term):
            assert not found_in(image, unkeyed), term
    plain = RMinHash(num_perm=signature.NUM_PERM, seed=signature.SEED)
    plain.update(sorted(signature.shingles(text)))
    assert not found_in(image, array("I", plain.digest()).tobytes().hex())
