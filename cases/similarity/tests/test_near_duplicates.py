"""Near-duplicates are found across the edits people make, in Chinese and English, across
channels; unrelated reports on the same topic are not linked."""

import pytest

from cases.similarity.models import SimilarPair
from cases.similarity.tasks import index_pending
from cases.similarity.tests.helpers import EN, ZH, file_report
from intake.actions.mailbox import do_post_message
from intake.models import MessageAuthor

pytestmark = pytest.mark.django_db

ZH_EDITS = {
    "truncated to 85%": ZH[: int(len(ZH) * 0.85)],
    "an inserted sentence": ZH[:20] + "我当时正在散步。" + ZH[20:],
    "a prefix": "再次举报：" + ZH,
    "two swapped neighbours": ZH[:5] + ZH[6] + ZH[5] + ZH[7:30] + ZH[31] + ZH[30] + ZH[32:],
    "four dropped characters": ZH[:3] + ZH[4:10] + ZH[11:20] + ZH[21:30] + ZH[31:],
    "full-width digits and punctuation": ZH.replace("A12345", "Ａ１２３４５").replace("，", ","),
}
EN_EDITS = {
    "truncated to 80%": EN[: int(len(EN) * 0.8)],
    "an inserted sentence": EN[:60] + " I was walking my dog. " + EN[60:],
    "a prefix": "Again: " + EN,
    "two swapped words": EN.replace("kept flying", "flying kept").replace("the ships", "ships the"),
    "three dropped characters": EN.replace("drone", "drne")
    .replace("naval", "nava")
    .replace("thirties", "thirtes"),
    "full-width digits and punctuation": EN.replace("B12345", "Ｂ１２３４５").replace(";", "；"),
}


def _similar(a, b) -> float | None:
    pair = SimilarPair.objects.filter(report=a, other=b).first()
    return pair.similarity if pair else None


@pytest.mark.parametrize("edit", ZH_EDITS)
def test_it_finds_a_chinese_near_duplicate(edit):
    original = file_report(ZH)
    copy = file_report(ZH_EDITS[edit])
    assert _similar(copy, original) is not None
    assert _similar(original, copy) == _similar(copy, original)


@pytest.mark.parametrize("edit", EN_EDITS)
def test_it_finds_an_english_near_duplicate(edit):
    original = file_report(EN)
    copy = file_report(EN_EDITS[edit])
    assert _similar(copy, original) is not None


def test_it_finds_a_copy_that_came_by_another_channel():
    by_web = file_report(ZH, channel="web")
    by_phone = file_report("再次举报：" + ZH[:40], channel="hotline")
    by_app = file_report(ZH.replace("，", ","), channel="api")
    assert _similar(by_phone, by_web) is not None
    assert _similar(by_app, by_web) is not None


def test_it_does_not_link_unrelated_reports_on_the_same_topic():
    file_report(ZH)
    file_report(EN)
    other_zh = file_report(
        "前天下午有个开白色面包车的人在军港码头附近用望远镜观察哨位，还向路人打听部队调动。"
    )
    other_en = file_report(
        "Two women kept taking photos of the naval pier from the seaside lookout on Sunday and "
        "asked the guards when the ships would leave."
    )
    assert not SimilarPair.objects.filter(report__in=[other_zh, other_en]).exists()


def test_a_report_with_too_little_text_is_signed_but_never_matched():
    file_report("拍照")
    short = file_report("拍照")
    assert short.similarity_signature.minhash is None
    assert not SimilarPair.objects.filter(report=short).exists()


def test_a_later_message_from_the_reporter_is_taken_into_account():
    original = file_report(ZH)
    vague = file_report("我要举报一件事情，请尽快联系我，谢谢。")
    assert _similar(vague, original) is None
    do_post_message(vague, ZH, author=MessageAuthor.REPORTER)
    index_pending()
    assert _similar(vague, original) is not None
