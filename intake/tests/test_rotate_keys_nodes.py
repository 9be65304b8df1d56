"""Key rotation across nodes: a new key reaches every node before any node seals with it.

Each node has its own copy of the keyring file. "Another node" here is a real second Python
process reading its own copy (TIPLINE_KEYRING), as a web node on another host would.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError

from core import crypto
from intake import vault
from intake.actions.reports import do_submit_report
from intake.models import Report
from tipline.test import submission
from tipline.testing.fixtures import rotate_keys as rotate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keyring")]

ROOT = Path(__file__).resolve().parents[2]

# A second node: unwraps a report's data key with its own keyring file, prints it (hex).
NODE = """
import sys
from core import crypto
key_id, wrapped = sys.stdin.read().split()
try:
    print(crypto.unwrap_key(key_id, bytes.fromhex(wrapped)).hex())
except crypto.DecryptionError as exc:
    print("cannot open:", exc)
"""


def copy_to_node(name: str) -> Path:
    """What the operator's distribution step does: node B gets node A's file as it is now."""
    target = Path(settings.KEYRING_PATH).with_name(f"{name}.json")
    shutil.copy(settings.KEYRING_PATH, target)
    return target


@pytest.fixture
def submit(category):
    def submit(text: str) -> Report:
        report, _receipt = do_submit_report(
            submission(
                category_id=category.id,
                answers={"what": text},
                region_code="110000",
                language="en",
                channel="test",
            )
        )
        return report

    return submit


def open_on_node(keyring_path: Path, report: Report) -> str:
    env = {**os.environ, "TIPLINE_KEYRING": str(keyring_path), "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "tipline.settings"
    done = subprocess.run(  # noqa: S603 - fixed code of our own
        [sys.executable, "-c", NODE],
        input=f"{report.key_id} {bytes(report.wrapped_key).hex()}",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def data_key(report: Report) -> str:
    return crypto.unwrap_key(report.key_id, report.wrapped_key).hex()


def added_key(output: str) -> str:
    return output.split("key ", 1)[1].split(",", 1)[0]


def test_add_puts_the_key_in_the_keyring_without_using_it(submit):
    before = crypto.current_keyring()
    new_id = added_key(rotate("--add"))
    ring = crypto.current_keyring()
    assert set(ring.master) == {before.master_active, new_id}
    assert ring.master_active == before.master_active
    assert submit("after add").key_id == before.master_active


def test_a_node_that_has_not_reread_the_keyring_opens_data_sealed_after_add(submit):
    stale = copy_to_node("node-b-stale")  # node B never got the file --add wrote
    rotate("--add")
    report = submit("sealed after --add")
    assert open_on_node(stale, report) == data_key(report)


def test_after_activate_a_node_with_the_added_key_opens_new_data(submit):
    stale = copy_to_node("node-c-stale")  # a node the distribution missed
    new_id = added_key(rotate("--add"))
    node_b = copy_to_node("node-b")  # the distribution: node B has the key, not yet active
    assert "re-wrapped" in rotate("--activate", new_id)
    report = submit("sealed after --activate")
    assert report.key_id == new_id
    assert open_on_node(node_b, report) == data_key(report)
    assert vault.open_answers(report)["what"] == "sealed after --activate"
    # Why the order matters: a node without the added key cannot open it.
    assert open_on_node(stale, report).startswith("cannot open")


def test_activate_rewraps_existing_reports_under_the_new_key(submit):
    old = submit("before the rotation")
    new_id = added_key(rotate("--add"))
    assert "re-wrapped 1" in rotate("--activate", new_id)
    old.refresh_from_db()
    assert old.key_id == new_id
    assert vault.open_answers(old)["what"] == "before the rotation"


def test_activate_refuses_a_key_this_node_does_not_have():
    with pytest.raises(CommandError, match="add it with --add first"):
        rotate("--activate", "m-00000000")


def test_check_names_the_state_of_the_key_on_this_node():
    new_id = added_key(rotate("--add"))
    assert "present, not active" in rotate("--check", new_id)
    with pytest.raises(CommandError, match="has no data key m-00000000"):
        rotate("--check", "m-00000000")


def test_retire_keeps_a_key_added_but_not_yet_activated(submit):
    submit("under the first key")
    new_id = added_key(rotate("--add"))
    with pytest.raises(CommandError, match="no unused keys"):
        rotate("--retire")
    assert new_id in crypto.current_keyring().master


def test_a_running_process_sees_a_key_another_process_added():
    """No restart or signal: every use of a key checks the file (inode, mtime, size)."""
    before = crypto.current_keyring()
    env = {**os.environ, "TIPLINE_KEYRING": str(settings.KEYRING_PATH)}
    subprocess.run(
        [sys.executable, "manage.py", "rotate_keys", "--add"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert len(crypto.current_keyring().master) == len(before.master) + 1
