"""Backfills: rebuild_similarity and rebuild_search_index, resumable, in parallel, and rotating
their keys through the same path."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from cases.search.actions import do_search_reports
from cases.search.queries import SearchFilters
from cases.similarity import batches, rebuild
from cases.similarity.models import RebuildState, Signature, SimilarPair
from cases.similarity.tests.helpers import EN, ZH, file_report
from core.crypto import current_keyring

pytestmark = pytest.mark.django_db


def unindexed(*texts):
    return [file_report(text, index=False) for text in texts]


def command(name, *args):
    call_command(name, *args, stdout=StringIO(), stderr=StringIO())


def test_rebuild_similarity_signs_and_pairs_every_report():
    original, copy, other = unindexed(ZH, "再次举报：" + ZH, EN)
    command("rebuild_similarity")
    assert Signature.objects.count() == 3
    assert SimilarPair.objects.filter(report=copy, other=original).exists()
    assert SimilarPair.objects.filter(report=original, other=copy).exists()
    assert not SimilarPair.objects.filter(report=other).exists()


def test_rebuild_search_index_makes_reports_findable(analyst_a):
    report, *_ = unindexed(ZH)
    command("rebuild_search_index")
    total, results = do_search_reports(analyst_a, SearchFilters(q="舰艇"))
    assert [row["report"] for row in results] == [report.pk]


def test_an_interrupted_rebuild_resumes_where_it_stopped(monkeypatch):
    unindexed(*(ZH + "补充" * i for i in range(6)))
    calls = []
    real_sign = batches.sign

    def sign_then_die(ids):
        if calls:
            raise KeyboardInterrupt  # the operator pressed ^C, or the host went down
        calls.append(ids)
        return real_sign(ids)

    monkeypatch.setattr(rebuild.PASSES["similarity"][0], "work", sign_then_die)
    with pytest.raises(KeyboardInterrupt):
        rebuild.run("similarity", batch=2)
    first = dict(Signature.objects.values_list("report_id", "computed_at"))
    assert len(first) == 2
    monkeypatch.setattr(rebuild.PASSES["similarity"][0], "work", real_sign)
    rebuild.run("similarity", batch=2)
    after = dict(Signature.objects.values_list("report_id", "computed_at"))
    assert len(after) == 6
    assert all(after[rid] == when for rid, when in first.items())  # not redone
    assert RebuildState.objects.get(name="similarity").finished_at is not None


def test_rotating_the_similarity_key_rebuilds_every_signature():
    original, copy = unindexed(ZH, "再次举报：" + ZH)
    command("rebuild_similarity")
    old_key, old_fp = current_keyring().similarity, Signature.objects.first().key_fp
    command("rebuild_similarity", "--rotate-key")
    assert current_keyring().similarity != old_key
    assert not Signature.objects.filter(key_fp=old_fp).exists()
    assert SimilarPair.objects.filter(report=copy, other=original).exists()


def test_rotating_the_search_key_keeps_reports_findable(analyst_a):
    report, *_ = unindexed(ZH)
    command("rebuild_search_index")
    old_key = current_keyring().search
    command("rebuild_search_index", "--rotate-key")
    assert current_keyring().search != old_key
    total, _results = do_search_reports(analyst_a, SearchFilters(q="舰艇"))
    assert total == 1


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers share a server database")
@pytest.mark.django_db(transaction=True)
def test_jobs_run_batches_in_parallel_processes():
    unindexed(*(ZH + "补充" * i for i in range(5)), EN)
    command("rebuild_similarity", "--jobs", "2", "--batch", "2")
    command("rebuild_search_index", "--jobs", "2", "--batch", "2")
    assert Signature.objects.count() == 6
    assert (
        SimilarPair.objects.filter(report__in=Signature.objects.values("report_id")).count() >= 20
    )
