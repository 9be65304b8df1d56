"""`manage.py rotate_keys` must re-wrap case keys too: --retire would otherwise drop a master key
that case notes and outcomes still need, and they would never open again."""

import io
import shutil

import pytest
from django.core.management import call_command

from cases import vault
from cases.actions.casework import do_add_case_note
from core import crypto

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_keyring(settings, tmp_path):
    """Rotation rewrites the keyring file: work on a copy, never the test session's."""
    path = tmp_path / "keyring.json"
    shutil.copy(settings.KEYRING_PATH, path)
    path.chmod(0o600)
    settings.KEYRING_PATH = path
    crypto.forget_keyring()
    yield path
    crypto.forget_keyring()


def test_case_notes_still_open_after_rotation_and_retirement(analyst_a):
    case = accept(submit(), analyst_a)
    note = do_add_case_note(case, "a sealed internal note", actor=analyst_a)
    old_key = case.key_id
    call_command("rotate_keys", stdout=io.StringIO())
    call_command("rotate_keys", "--retire", stdout=io.StringIO())
    case.refresh_from_db()
    assert case.key_id != old_key
    assert old_key not in crypto.current_keyring().master
    assert vault.open_note(vault.case_key(case), case, note) == "a sealed internal note"
