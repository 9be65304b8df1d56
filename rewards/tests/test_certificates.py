import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache

from audit.models import AuditEvent
from cases.errors import ActionError
from rewards.actions.certificates import do_issue_certificate, new_code, normalize
from rewards.actions.claims import do_claim_share
from rewards.models import Certificate

from .helpers import approved, closed_case, propose

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(autouse=True)
def _fresh_brake():
    cache.clear()


@pytest.fixture
def commended(analyst_a, reward_officer_a):
    case, reports, receipt = closed_case(analyst_a, receipt=True)
    award = approved(
        propose(case, analyst_a, reports, amount=None, code="certificate"), reward_officer_a
    )
    share = award.shares.get()
    do_claim_share(share, report=reports[0], method="commendation")
    share.refresh_from_db()
    return share, reports[0], receipt


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, check=True)  # noqa: S603 - fixed binary, our own file
    return done.stdout.decode()


def without_csrf(html: bytes) -> bytes:
    """The page less what differs by request: the CSRF token and the language form's own path."""
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
    return re.sub(rb'/verify/[^"/]+/', b"/verify/X/", html)


def download(client, share, receipt, **form):
    client.post("/followup/", {"code": receipt})
    return client.post(f"/followup/rewards/{share.id}/certificate/", form)


def test_verification_codes_carry_at_least_80_random_bits():
    code = normalize(new_code())
    assert len(code) * 5 >= 80
    assert len({new_code() for _ in range(50)}) == 50


def test_an_anonymous_certificate_in_chinese_carries_only_a_reference(client, commended, tmp_path):
    share, _report, receipt = commended
    response = download(client, share, receipt, language="zh-hans")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "荣誉证书" in text  # the tier, in Noto CJK
    assert share.reference in text
    assert share.award.case_number not in text
    assert AuditEvent.objects.get(action="reward.certificate").details["named"] is False


def test_a_named_certificate_in_english_and_its_verification_page(client, commended, tmp_path):
    share, _report, receipt = commended
    response = download(client, share, receipt, language="en", name="王小明", consent="on")
    text = pdf_text(response.content, tmp_path)
    assert "Certificate of Commendation" in text
    assert "王小明" in text
    code = next(line.split(": ")[1] for line in text.splitlines() if "Verification code" in line)
    page = client.get(f"/verify/{code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "genuine" in body
    assert "王小明" in body


def test_a_name_needs_explicit_consent(commended):
    share, report, _receipt = commended
    with pytest.raises(ActionError, match="agree"):
        do_issue_certificate(share, report=report, name="王小明")


def test_the_verification_page_of_an_anonymous_one_shows_no_name(client, commended):
    share, report, _receipt = commended
    _certificate, contents = do_issue_certificate(share, report=report)
    page = client.get(f"/verify/{contents['code']}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "genuine" in page
    assert "Awarded to" not in page
    assert share.reference not in page


def test_unknown_codes_are_all_answered_alike(client, commended):
    share, report, _receipt = commended
    do_issue_certificate(share, report=report)
    wrong = client.get(f"/verify/{new_code()}/")
    malformed = client.get("/verify/not-a-code/")
    assert wrong.status_code == malformed.status_code == 404
    assert without_csrf(wrong.content) == without_csrf(malformed.content)


def test_verification_is_rate_limited(client, settings, commended):
    settings.TIPLINE_CERTIFICATE_VERIFY_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(f"/verify/{new_code()}/").status_code == 404
    assert client.get(f"/verify/{new_code()}/").status_code == 429


def test_no_certificate_before_the_award_is_earned(analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    share = approved(propose(case, analyst_a, reports), reward_officer_a).shares.get()
    with pytest.raises(ActionError):
        do_issue_certificate(share, report=reports[0])
    assert not Certificate.objects.exists()


def test_the_api_gives_the_pdf(client, commended, tmp_path):
    share, _report, receipt = commended
    response = client.get(
        f"/api/v1/followup/certificates/{share.id}?lang=en", HTTP_X_RECEIPT=receipt
    )
    assert response.status_code == 200
    assert "Certificate of Commendation" in pdf_text(response.content, tmp_path)
