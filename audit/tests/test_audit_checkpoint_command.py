"""Checkpoints are written on demand (audit_checkpoint) and by the scheduler's periodic task."""

from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from audit import checkpoints
from audit.actions import record
from audit.tasks import write_checkpoint

pytestmark = pytest.mark.django_db


def written() -> list[tuple[int, str]]:
    return [(c.seq, c.hash) for c in checkpoints.read_all()[0]]


def test_the_command_writes_the_head_now(checkpoint_dir):
    event = record("test.event")
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert written() == [(1, event.hash)]
    assert out.getvalue().strip() == (
        f"checkpoint of event #1 written to {checkpoint_dir / checkpoints.FILE_NAME}"
    )


def test_the_command_writes_even_an_empty_trail():
    call_command("audit_checkpoint", stdout=StringIO())
    assert written() == [(0, "0" * 64)]


def test_the_task_adds_a_line_only_when_the_head_moved():
    first = record("test.event")
    assert write_checkpoint.call() == 1
    assert write_checkpoint.call() is None
    second = record("test.event")
    assert write_checkpoint.call() == 2
    assert written() == [(1, first.hash), (2, second.hash)]


def test_the_scheduler_runs_the_task_every_few_minutes(settings):
    assert ("audit.tasks.write_checkpoint", 300) in django_settings.PERIODIC_TASKS
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PERIODIC_TASKS = [("audit.tasks.write_checkpoint", 300)]
    event = record("test.event")
    call_command("run_scheduler", "--once")
    assert written() == [(1, event.hash)]
