"""The indexing sweep (enqueued every few seconds by the scheduler, like the routing sweep)."""

import logging

from django_tasks import task

from cases.similarity.pipeline import pending, process_report
from cases.similarity.text import record_opened

SWEEP_BATCH = 200
log = logging.getLogger(__name__)


@task()
def index_new_reports() -> int:
    """Index every new report, and every report whose reporter wrote since it was indexed.

    A sweep rather than a task per report keeps the public submission a single INSERT, and
    keeps the plaintext out of any task queue."""
    return index_pending()


def index_pending() -> int:
    done = 0
    while batch := pending(SWEEP_BATCH):
        opened = [report_id for report_id in batch if _process(report_id)]
        record_opened(opened, "indexing")
        progressed = len(opened)
        done += progressed
        if progressed == 0:
            break
    return done


def _process(report_id) -> bool:
    try:
        return process_report(report_id)
    except Exception:  # one damaged report must not stop the sweep; the id says nothing
        log.exception("indexing report %s failed", report_id)
        return False
