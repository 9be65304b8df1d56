"""The backfill runner behind rebuild_similarity and rebuild_search_index (and key rotation).

Work is found by comparing each row's timestamp with the run's start (RebuildState) and its key
fingerprint with the current key: rows done before an interruption are not done again, so a
killed run resumes where it stopped. Batches go to --jobs worker processes and are committed as
they finish; a progress bar shows how far it got."""

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from tqdm import tqdm

from cases.search.models import SearchDocument
from cases.search.tokens import key_fingerprint as search_fp
from cases.similarity import batches, bulk, pairing
from cases.similarity.models import RebuildState, Signature
from cases.similarity.signature import key_fingerprint as similarity_fp
from intake.models import Report


@dataclass
class Pass:
    label: str
    pending: Callable  # (started_at) -> queryset of report ids still to do
    work: Callable  # (ids) -> count
    before: Callable | None = None  # (fresh run?) -> None, in the parent, before any batch
    after: Callable | None = None  # () -> None, once every batch of the pass is done


def _postgres_only(hook):
    def run(*args):
        if connection.vendor == "postgresql":
            hook(*args)

    return run


def _unsigned(started):
    # NOT EXISTS, not NOT IN: see _unsearchable.
    fresh = Signature.objects.filter(
        report_id=OuterRef("pk"), computed_at__gte=started, key_fp=similarity_fp()
    )
    return Report.objects.filter(~Exists(fresh))


def _unpaired(started):
    done = Q(paired_at__gte=started) & Q(paired_at__isnull=False)
    return Report.objects.filter(pk__in=Signature.objects.exclude(done).values("report_id"))


def _unsearchable(started):
    # NOT EXISTS, not NOT IN: PostgreSQL runs it as an anti-join. A NOT IN over the rows already
    # done stops being hashed once they outgrow work_mem, and is then quadratic (a resumed run
    # at 1M reports would not get past listing its work).
    fresh = SearchDocument.objects.filter(
        report_id=OuterRef("pk"), indexed_at__gte=started, key_fp=search_fp()
    )
    return Report.objects.filter(~Exists(fresh))


PASSES = {
    "similarity": [
        Pass(
            "signatures",
            _unsigned,
            batches.sign,
            before=_postgres_only(bulk.before_signing),
            after=_postgres_only(bulk.after_signing),
        ),
        Pass("near-duplicates", _unpaired, pairing.pair, pairing.load, pairing.forget),
    ],
    "search": [Pass("search index", _unsearchable, batches.index_search)],
}


def start(name: str, *, fresh: bool = False) -> tuple[RebuildState, bool]:
    """The unfinished run of this name (resumed), or a new one; and whether it is new."""
    state = RebuildState.objects.filter(name=name).first()
    if state is None:
        return RebuildState.objects.create(name=name), True
    if fresh or state.finished_at is not None:
        state.started_at, state.finished_at = timezone.now(), None
        state.save()
        return state, True
    return state, False


def _init_worker():
    connections.close_all()  # a forked child must open its own database connections


def _run_batch(args):
    work, ids = args
    return work(ids)


def run(name: str, *, jobs: int = 1, batch: int = 500, fresh: bool = False, out=None) -> int:
    state, new = start(name, fresh=fresh)
    total_done = 0
    for step in PASSES[name]:
        if step.before:
            step.before(new)
        ids = list(step.pending(state.started_at).order_by("pk").values_list("pk", flat=True))
        work = [(step.work, ids[i : i + batch]) for i in range(0, len(ids), batch)]
        with tqdm(total=len(ids), desc=step.label, unit="report", file=out) as bar:
            if jobs > 1 and work:
                connections.close_all()
                ctx = multiprocessing.get_context("fork")
                with ctx.Pool(jobs, initializer=_init_worker) as pool:
                    for count in pool.imap_unordered(_run_batch, work):
                        bar.update(count)
            else:
                for item in work:
                    bar.update(_run_batch(item))
        if step.after:
            step.after()
        total_done += len(ids)
    RebuildState.objects.filter(pk=state.pk).update(finished_at=timezone.now())
    return total_done
