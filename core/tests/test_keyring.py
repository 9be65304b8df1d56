import base64
import json
import stat

import pytest
from django.test import override_settings

from core import crypto, keyring


def test_generate_makes_one_active_key_per_family():
    ring = keyring.generate()
    assert list(ring.master) == [ring.master_active]
    assert list(ring.identity) == [ring.identity_active]
    assert ring.master_active.startswith("m-")
    assert ring.identity_active.startswith("i-")
    keys = [*ring.master.values(), *ring.identity.values(), ring.receipt, ring.token]
    assert all(len(key) == 32 for key in keys)
    assert len(set(keys)) == 4


def test_save_writes_owner_only_and_loads_back(tmp_path):
    path = tmp_path / "deep" / "keyring.json"
    ring = keyring.generate()
    keyring.save(ring, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keyring.load(path) == ring
    assert not list(path.parent.glob("*.tmp"))


def test_save_replaces_a_leftover_temp_file_with_loose_permissions(tmp_path):
    path = tmp_path / "keyring.json"
    leftover = tmp_path / "keyring.json.tmp"
    leftover.write_text("half a keyring")
    leftover.chmod(0o644)
    keyring.save(keyring.generate(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_loading_a_missing_keyring_says_how_to_make_one(tmp_path):
    with pytest.raises(keyring.KeyringError, match="init_keyring"):
        keyring.load(tmp_path / "absent.json")


def _valid() -> dict:
    return json.loads(keyring.generate().to_json())


def _broken(change) -> str:
    raw = _valid()
    change(raw)
    return json.dumps(raw)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '"a string"',
        _broken(lambda raw: raw.pop("receipt")),
        _broken(lambda raw: raw.update(master=[])),
        _broken(lambda raw: raw.update(token="!!not base64!!")),
        _broken(lambda raw: raw.update(token=base64.b64encode(b"short").decode())),
        _broken(lambda raw: raw.update(receipt=123)),
        _broken(lambda raw: raw.update(master_active="m-missing")),
        _broken(lambda raw: raw.update(identity_active=["i-list"])),
        _broken(lambda raw: raw.update(master={})),
    ],
)
def test_parse_refuses_malformed_keyrings(text):
    with pytest.raises(keyring.KeyringError):
        keyring.parse(text)


def test_a_non_utf8_keyring_file_is_a_keyring_error(tmp_path):
    path = tmp_path / "keyring.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(keyring.KeyringError):
        keyring.load(path)


def test_with_family_swaps_only_that_purpose():
    ring = keyring.generate()
    new_id, new_key = keyring.new_key_id("m-"), keyring.new_key()
    rotated = ring.with_family("data", {**ring.master, new_id: new_key}, new_id)
    assert rotated.master_active == new_id
    assert rotated.identity == ring.identity
    assert rotated.receipt == ring.receipt
    with pytest.raises(keyring.KeyringError):
        ring.with_family("data", ring.master, "m-absent")
    with pytest.raises(keyring.KeyringError):
        ring.with_family("receipts", ring.master, ring.master_active)


def test_current_keyring_sees_a_rewritten_file_at_once(tmp_path):
    path = tmp_path / "keyring.json"
    first, second = keyring.generate(), keyring.generate()
    with override_settings(KEYRING_PATH=path):
        keyring.save(first, path)
        assert crypto.current_keyring() == first
        keyring.save(second, path)  # within the same clock tick, as rotate then retire can be
        assert crypto.current_keyring() == second
    crypto.forget_keyring()
