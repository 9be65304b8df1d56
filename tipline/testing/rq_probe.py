"""A task for tipline/tests/test_rq_tasks.py: each run appends its job id to a Redis list, so the
test can count how often each job ran when several RQ workers compete for the same queue."""

import time

import redis
from django.conf import settings
from django_tasks import task

RUNS_KEY = "tipline:test:rq-probe-runs"


@task(takes_context=True)
def note_run(context) -> None:
    connection = redis.Redis.from_url(settings.RQ_QUEUES["default"]["URL"])
    time.sleep(0.01)  # long enough that both workers are busy at once
    connection.rpush(RUNS_KEY, context.task_result.id)
