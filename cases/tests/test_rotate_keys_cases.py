"""`manage.py rotate_keys` must re-wrap case keys too: --retire would otherwise drop a master key
that case notes and outcomes still need, and they would never open again."""

import pytest

from cases import vault
from cases.actions.casework import do_add_case_note
from core import crypto
from tipline.testing.fixtures import rotate_keys as rotate

from .helpers import accept, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keyring")]


def test_case_notes_still_open_after_rotation_and_retirement(analyst_a):
    case = accept(submit(), analyst_a)
    note = do_add_case_note(case, "a sealed internal note", actor=analyst_a)
    old_key = case.key_id
    rotate()
    rotate("--retire")
    case.refresh_from_db()
    assert case.key_id != old_key
    assert old_key not in crypto.current_keyring().master
    assert vault.open_note(vault.case_key(case), case, note) == "a sealed internal note"
