"""The audit checkpoint key: new keyrings have it, older keyring files still load and gain it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from core import crypto, keyring


def _written_before_the_audit_key(path):
    raw = json.loads(keyring.generate().to_json())
    del raw["audit"]
    path.write_text(json.dumps(raw))
    return raw


def test_a_new_keyring_has_its_own_audit_key():
    ring = keyring.generate()
    assert len(ring.audit) == 32
    assert ring.audit not in (ring.receipt, ring.token, *ring.master.values())
    assert keyring.parse(ring.to_json()).audit == ring.audit


def test_a_keyring_written_before_the_audit_key_still_loads(tmp_path):
    path = tmp_path / "keyring.json"
    _written_before_the_audit_key(path)
    ring = keyring.load(path)
    assert ring.audit == b""
    assert "audit" not in json.loads(ring.to_json())  # saving it again does not invent a key


def test_init_keyring_adds_the_audit_key_and_keeps_every_other_key(tmp_path, settings):
    path = tmp_path / "keyring.json"
    before = _written_before_the_audit_key(path)
    settings.KEYRING_PATH = path
    out = StringIO()
    call_command("init_keyring", stdout=out)
    assert "added the audit checkpoint key" in out.getvalue()
    after = json.loads(path.read_text())
    assert {k: v for k, v in after.items() if k != "audit"} == before
    assert len(keyring.load(path).audit) == 32
    crypto.forget_keyring()


def test_init_keyring_leaves_a_complete_keyring_alone(tmp_path, settings):
    path = tmp_path / "keyring.json"
    keyring.save(keyring.generate(), path)
    text = path.read_text()
    settings.KEYRING_PATH = path
    out = StringIO()
    call_command("init_keyring", stdout=out)
    assert "present" in out.getvalue()
    assert path.read_text() == text


@pytest.mark.parametrize("bad", ["short", 123])
def test_a_malformed_audit_key_is_refused(bad):
    raw = json.loads(keyring.generate().to_json())
    raw["audit"] = bad
    with pytest.raises(keyring.KeyringError):
        keyring.parse(json.dumps(raw))
