"""Enqueue periodic tasks (settings.PERIODIC_TASKS) on the task backend at their intervals.

One scheduler per deployment; the workers that run the tasks can be many. Tasks are written to be
idempotent, so a restart that enqueues one early does no harm.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the periodic task scheduler (enqueues tasks; a db_worker runs them)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue every task once and exit")

    def handle(self, *args, once=False, **options):
        schedule = [(import_string(path), interval) for path, interval in settings.PERIODIC_TASKS]
        next_run = {task: 0.0 for task, _interval in schedule}
        while True:
            now = time.monotonic()
            for task, interval in schedule:
                if now >= next_run[task]:
                    task.enqueue()
                    next_run[task] = now + interval
            if once:
                return
            time.sleep(1)
