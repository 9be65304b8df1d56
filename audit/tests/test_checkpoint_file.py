"""The checkpoint file: MACed lines, each linked to the one before, private to the service."""

import json
import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from audit import checkpoints
from audit.actions import record
from audit.anchoring import do_write_checkpoint
from core import crypto, keyring

pytestmark = pytest.mark.django_db


def lines(directory) -> list[dict]:
    text = (directory / checkpoints.FILE_NAME).read_text()
    return [json.loads(line) for line in text.splitlines()]


def test_each_checkpoint_is_a_maced_line_linked_to_the_one_before(checkpoint_dir):
    first_event = record("test.one")
    do_write_checkpoint()
    second_event = record("test.two")
    do_write_checkpoint()
    first, second = lines(checkpoint_dir)
    assert (first["seq"], first["hash"], first["prev"]) == (1, first_event.hash, "")
    assert (second["seq"], second["hash"], second["prev"]) == (2, second_event.hash, first["mac"])
    found, problems = checkpoints.read_all()
    assert ([c.seq for c in found], problems) == ([1, 2], [])


def test_the_file_and_its_directory_are_private(checkpoint_dir):
    do_write_checkpoint()
    assert stat.S_IMODE(checkpoint_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((checkpoint_dir / checkpoints.FILE_NAME).stat().st_mode) == 0o600


def test_an_edited_line_is_not_authentic_and_does_not_count(checkpoint_dir):
    record("test.one")
    do_write_checkpoint()
    path = checkpoint_dir / checkpoints.FILE_NAME
    line = json.loads(path.read_text())
    line["seq"] = 0
    path.write_text(json.dumps(line) + "\n")
    found, problems = checkpoints.read_all()
    assert found == []
    assert problems == [
        "checkpoint line 1 is not authentic (edited, forged, "
        "or made with another keyring's audit key)"
    ]


def test_a_removed_line_breaks_the_link(checkpoint_dir):
    for name in ("one", "two", "three"):
        record(f"test.{name}")
        do_write_checkpoint()
    path = checkpoint_dir / checkpoints.FILE_NAME
    first, _second, third = path.read_text().splitlines()
    path.write_text(f"{first}\n{third}\n")
    _found, problems = checkpoints.read_all()
    assert problems == [
        "checkpoint line 2 does not follow the line before it "
        "(a checkpoint was removed or inserted)"
    ]


def test_a_line_that_is_not_json_is_named(checkpoint_dir):
    do_write_checkpoint()
    with (checkpoint_dir / checkpoints.FILE_NAME).open("a") as handle:
        handle.write("rm -rf /\n")
    assert checkpoints.read_all()[1] == ["checkpoint line 2 is not a checkpoint"]


def test_a_keyring_without_the_audit_key_says_how_to_add_it(tmp_path, settings):
    old = json.loads(keyring.generate().to_json())
    del old["audit"]
    path = tmp_path / "old-keyring.json"
    path.write_text(json.dumps(old))
    settings.KEYRING_PATH = path
    try:
        with pytest.raises(checkpoints.CheckpointError, match="init_keyring"):
            do_write_checkpoint()
    finally:
        crypto.forget_keyring()


def test_concurrent_writers_keep_every_line_linked():
    def write_ten(worker: int) -> None:
        for i in range(10):
            with checkpoints.locked() as handle:
                checkpoints.append(handle, worker * 10 + i, "h" * 64)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write_ten, range(8)))
    found, problems = checkpoints.read_all()
    assert (len(found), problems) == (80, [])
