"""The rebuild's signing pass gives every report the signature and band keys the live sweep
gives it, byte for byte, and leaves the band table's constraint as the migrations made it."""

import hashlib
import uuid
from io import StringIO

import numpy
import pytest
from django.core.management import call_command
from django.db import connection

from cases.similarity import bulk, signature
from cases.similarity.models import Band, Signature
from cases.similarity.tasks import index_pending
from cases.similarity.tests.helpers import EN, ZH, file_report
from intake.actions.mailbox import do_post_message
from intake.models import MessageAuthor

pytestmark = pytest.mark.django_db


def stored() -> dict:
    bands: dict = {}
    for report_id, key in Band.objects.values_list("report_id", "key"):
        bands.setdefault(report_id, []).append(key)
    return {
        report_id: (bytes(minhash) if minhash else None, upto, fp, sorted(bands.get(report_id, [])))
        for report_id, minhash, upto, fp in Signature.objects.values_list(
            "report_id", "minhash", "messages_upto", "key_fp"
        )
    }


def test_the_rebuild_signs_every_report_as_the_live_sweep_does():
    reports = [file_report(text, index=False) for text in (ZH, EN, "太短了", "再次举报：" + ZH)]
    do_post_message(reports[1], "He came back this morning with a second drone.", author="reporter")
    do_post_message(reports[1], "Thank you, we are looking into it.", author=MessageAuthor.AGENCY)
    index_pending()
    live = stored()
    assert len(live) == 4
    assert live[reports[1].pk][1] is not None  # the reporter's message was included
    call_command("rebuild_similarity", "--restart", stdout=StringIO(), stderr=StringIO())
    assert stored() == live


def test_signatures_and_band_keys_of_scheme_2_are_unchanged_for_a_given_key():
    key = bytes(range(32))
    found = signature.minhashes([ZH, EN, "太短了"], key)
    assert found[2] is None
    both = found[0] + found[1]
    keys = signature.band_keys_matrix(numpy.frombuffer(both, "<u4").reshape(2, signature.NUM_PERM))
    assert hashlib.sha256(both).hexdigest().startswith("802113885a487e0e511bfa6e")
    assert hashlib.sha256(keys.tobytes()).hexdigest().startswith("c3a53e121e476da3d4846aab")
    assert signature.key_fingerprint(key) == "564919bd"


def band_foreign_key() -> list[bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT convalidated FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [Band._meta.db_table],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL fast path")
def test_band_rows_of_reports_purged_during_the_pass_go_and_the_constraint_comes_back():
    kept = file_report(ZH)
    bulk.before_signing(False)
    assert band_foreign_key() == []  # no per-row check while the pass writes band rows
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Band._meta.db_table} (report_id, key) VALUES (%s, 1)",  # noqa: S608
            [uuid.uuid4()],  # a report purged after its batch read it
        )
    bulk.after_signing()
    assert band_foreign_key() == [True]
    assert set(Band.objects.values_list("report_id", flat=True)) == {kept.pk}
