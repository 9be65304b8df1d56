"""The rebuild's near-duplicates pass (pairing.py) finds the pairs the live lookup finds, ranks
candidates by shared bands, leaves popular band keys out, and resumes after an interruption."""

from collections import Counter
from io import StringIO

import numpy
import pytest
from django.core.management import call_command

from cases.similarity import indexing, pairing, rebuild, signature
from cases.similarity.models import Band, Signature, SimilarPair
from cases.similarity.tests.helpers import EN, ZH, file_report

pytestmark = pytest.mark.django_db

OTHER_ZH = (
    "本月初在高铁站候车室有人向乘客打听部队驻地的位置，还用手机拍了很多照片，后来坐出租车走了。"
)


def corpus():
    """Copies with edits (pairs), identical copies (a popular key under a low cap), near-misses
    and unrelated reports."""
    texts = [ZH, "再次举报：" + ZH, ZH[:40] + "。补充：" + OTHER_ZH[:20], ZH[5:], OTHER_ZH]
    texts += [OTHER_ZH + "补充" * i for i in range(1, 5)]
    texts += [EN, "Again: " + EN, EN.replace("thirties", "forties"), EN[: len(EN) // 2]]
    texts += [ZH[::-1], "太短", OTHER_ZH[:30] + ZH[30:]]
    return [file_report(text, index=False) for text in texts]


def pairs():
    return set(SimilarPair.objects.values_list("report_id", "other_id"))


def live_pairs():
    """What indexing.similar_to (the live lookup) finds for every signed report."""
    found = set()
    for report_id, minhash, key_fp in Signature.objects.exclude(minhash=None).values_list(
        "report_id", "minhash", "key_fp"
    ):
        found |= {
            (report_id, other) for other, _s in indexing.similar_to(report_id, minhash, key_fp)
        }
    return found


@pytest.mark.parametrize("cap", [1000, 4])
def test_rebuild_finds_the_pairs_the_live_lookup_finds(settings, cap):
    settings.TIPLINE_SIMILARITY_BAND_CAP = cap
    corpus()
    call_command("rebuild_similarity", stdout=StringIO(), stderr=StringIO())
    found = pairs()
    assert len(found) >= 20
    assert found == live_pairs()


def test_popular_band_keys_give_no_candidates(settings):
    settings.TIPLINE_SIMILARITY_BAND_CAP = 10
    copies = [file_report(ZH, index=False) for _ in range(11)]
    edited = file_report("再次举报：" + ZH, index=False)
    call_command("rebuild_similarity", stdout=StringIO(), stderr=StringIO())
    # Every key the copies share is held by 11 or 12 reports: above the cap, so no candidates
    # (the live sweep paired them as they arrived; a rebuild leaves such a flood unpaired).
    assert not SimilarPair.objects.filter(report__in=copies, other__in=copies).exists()
    assert not SimilarPair.objects.filter(report=edited).exists()


def test_candidates_are_the_reports_sharing_most_bands(monkeypatch):
    reports = corpus()
    call_command("rebuild_similarity", stdout=StringIO(), stderr=StringIO())
    monkeypatch.setattr(pairing, "CANDIDATE_LIMIT", 2)
    snap = pairing.load()
    holders = {}
    for report_id, key in Band.objects.values_list("report_id", "key"):
        holders.setdefault(key, []).append(report_id)
    for report in reports:
        ids, mine = pairing._batch_signatures([report.pk], snap.key_fp)
        if not len(ids):
            continue
        shared = Counter(
            other for key in signature.band_keys(mine[0].tobytes()) for other in holders[key]
        )
        shared.pop(report.pk)
        row, other = pairing.candidates(snap, mine, pairing._numbers(snap, ids))
        chosen = [shared[u] for u in pairing._uuids(snap.ids[other])]
        assert chosen == sorted(shared.values(), reverse=True)[:2]
        assert (row == 0).all()
    pairing.forget()


def test_an_interrupted_pairing_pass_resumes_and_gives_the_same_pairs(monkeypatch):
    corpus()
    call_command("rebuild_similarity", stdout=StringIO(), stderr=StringIO())
    expected = pairs()
    SimilarPair.objects.all().delete()
    calls = []
    step = rebuild.PASSES["similarity"][1]

    def pair_then_die(ids):
        if calls:
            raise KeyboardInterrupt
        calls.append(ids)
        return pairing.pair(ids)

    monkeypatch.setattr(step, "work", pair_then_die)
    with pytest.raises(KeyboardInterrupt):
        rebuild.run("similarity", batch=4, fresh=True)
    first = dict(
        Signature.objects.filter(report_id__in=calls[0]).values_list("report", "paired_at")
    )
    assert all(first.values())
    monkeypatch.setattr(step, "work", pairing.pair)
    rebuild.run("similarity", batch=4)
    after = dict(Signature.objects.values_list("report", "paired_at"))
    assert all(after[r] == when for r, when in first.items())  # not redone
    assert pairs() == expected


def test_scores_are_the_share_of_agreeing_positions():
    a = numpy.arange(signature.NUM_PERM, dtype="<u4")
    b = a.copy()
    b[:32] = 0
    none = numpy.zeros(0, dtype=numpy.int64)
    snap = pairing.Snapshot("fp", numpy.array([b"x"], "S16"), b[None, :], none, none, none)
    out = pairing.scores(snap, a[None, :], numpy.array([0]), numpy.array([0]))
    assert (
        out.tolist() == [signature.similarities(a.tobytes(), [b.tobytes()])[0]] == [0.75 + 1 / 128]
    )
