"""The broker-backed task backend (TIPLINE_TASK_BACKEND=django_tasks_rq.RQBackend): the same task
code, enqueued to Redis and run by real `manage.py rqworker` processes against the test database.
"""

import os
import subprocess
import sys
import time
from collections import Counter

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import override_settings

from audit.models import AuditEvent
from audit.tasks import write_checkpoint
from cases.similarity.models import Signature
from cases.similarity.tasks import index_new_reports
from cases.tasks import route_new_reports
from cases.tests.helpers import submit
from tipline.testing import rq_probe

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

RQ_URL = "redis://127.0.0.1:6379/12"
RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": RQ_URL}},
}


@pytest.fixture
def broker():
    """An empty Redis database for the queue, and the RQ backend for this test."""
    connection_ = redis.Redis.from_url(RQ_URL)
    connection_.flushdb()
    with override_settings(**RQ_SETTINGS):
        yield connection_
    connection_.flushdb()


def worker_env() -> dict:
    env = dict(os.environ)
    db = settings.DATABASES["default"]
    env.update(
        TIPLINE_DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        TIPLINE_TASK_BACKEND="django_tasks_rq.RQBackend",
        TIPLINE_RQ_URL=RQ_URL,
        TIPLINE_AUDIT_CHECKPOINT_DIR=str(settings.AUDIT_CHECKPOINT_DIR),
        TIPLINE_LOG_LEVEL="WARNING",
    )
    return env


def run_workers(count: int) -> None:
    """`count` burst workers at once: each takes jobs until the queue is empty, then exits."""
    command = [sys.executable, "manage.py", "rqworker", "--burst", "--job-class"]
    command += ["django_tasks_rq.Job", "default"]
    workers = [
        subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=settings.BASE_DIR, env=worker_env(), stderr=subprocess.PIPE
        )
        for _ in range(count)
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()


def status(result) -> str:
    result.refresh()
    return result.status


def test_routing_indexing_and_the_audit_anchor_run_through_rq(broker, unit_hq, unit_a):
    report = submit(routed=False)
    connection.close()  # the worker must see committed rows only; nothing of ours is pending
    results = [route_new_reports.enqueue(), index_new_reports.enqueue(), write_checkpoint.enqueue()]
    assert broker.llen("rq:queue:default") == 3, "the jobs wait in Redis, not in the database"
    run_workers(1)
    assert [status(result) for result in results] == ["SUCCESSFUL"] * 3
    report.refresh_from_db()
    assert report.unit == unit_a, "the routing sweep routed the report"
    assert Signature.objects.filter(report=report).exists(), "the indexing sweep indexed it"
    assert results[2].return_value == AuditEvent.objects.order_by("-seq").first().seq


def test_several_workers_never_run_one_job_twice(broker):
    results = [rq_probe.note_run.enqueue() for _ in range(40)]
    started = time.monotonic()
    run_workers(2)
    runs = Counter(id_.decode() for id_ in broker.lrange(rq_probe.RUNS_KEY, 0, -1))
    assert runs == Counter({result.id: 1 for result in results}), time.monotonic() - started
    workers = {worker for result in results for worker in (result.refresh() or result.worker_ids)}
    assert len(workers) == 2, "both workers took jobs"
