"""The similarity and search keys: new keyrings have them, older keyrings gain them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from core import crypto, keyring


def test_a_new_keyring_has_distinct_similarity_and_search_keys():
    ring = keyring.generate()
    assert len(ring.similarity) == len(ring.search) == 32
    assert len({ring.similarity, ring.search, ring.audit, ring.receipt, ring.token}) == 5
    parsed = keyring.parse(ring.to_json())
    assert (parsed.similarity, parsed.search) == (ring.similarity, ring.search)


def test_init_keyring_adds_only_the_missing_index_keys(tmp_path, settings):
    path = tmp_path / "keyring.json"
    before = json.loads(keyring.generate().to_json())
    del before["similarity"], before["search"]
    path.write_text(json.dumps(before))
    settings.KEYRING_PATH = path
    out = StringIO()
    call_command("init_keyring", stdout=out)
    assert "similarity key, search index key" in out.getvalue()
    after = json.loads(path.read_text())
    assert {k: v for k, v in after.items() if k not in ("similarity", "search")} == before
    assert len(keyring.load(path).similarity) == 32
    crypto.forget_keyring()


def test_a_new_index_key_replaces_only_that_key():
    ring = keyring.generate()
    rotated = ring.with_new_index_key("similarity")
    assert rotated.similarity != ring.similarity
    assert rotated.search == ring.search
    with pytest.raises(keyring.KeyringError):
        ring.with_new_index_key("receipt")
