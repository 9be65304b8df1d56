"""The whole reward journey in real browsers, each person with their own cookies.

A case is closed as substantiated; the analyst proposes a high-tier reward from the case page; a
reward officer of the unit approves it, then one of headquarters (each after a fresh second
factor); the reporter, with the receipt alone, sees it in follow-up and claims it by bank
transfer; the finance officer asks the custodian to open the bank details, the custodian
approves, the finance officer opens them and records the payment; the reporter downloads the
certificate in Chinese and in English (read back with pdftotext), and anyone checks it at
/verify/<code>/.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from audit.actions import verify_chain
from audit.models import AuditEvent
from rewards.models import Award, AwardStatus, Payment, ShareStatus
from tipline import browser
from tipline.browser import browsers
from tipline.test import totp_code

from .helpers import BANK, closed_case, tier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMOUNT = "150000"  # above TIPLINE_REWARD_HQ_APPROVAL_ABOVE: headquarters must approve too
WHY = "The lead named the courier, the car and the hour; all three were confirmed."
NAME = "王小明"
CODE = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}")


def log_in(base, user, code):
    return lambda page: browser.log_in(page, base, user, code)


def confirm_second_factor(page, code):
    """The console's sudo page: a fresh code, then back where the step is done."""
    page.get_by_role("link", name="Confirm with your second factor").first.click()
    page.fill("#id_code", code)
    page.get_by_role("button", name="Confirm").click()


def propose_from_the_case_page(base, number, tier_pk):
    def steps(page):
        page.goto(f"{base}/staff/cases/{number}/")
        page.get_by_role("link", name="Propose an award").click()
        page.select_option("#id_tier", str(tier_pk))
        page.fill("#id_amount", AMOUNT)
        for key in ("specific_lead", "new_to_agency", "verified_useful"):
            page.check(f"#id_check_{key}")
        page.check("#id_nominate_0")
        page.fill("#id_justification", WHY)
        page.get_by_role("button", name="Propose").click()
        page.wait_for_url(re.compile(r".*/staff/rewards/[0-9a-f-]{36}/$"))
        return page.url

    return steps


def approve(award_url, code):
    def steps(page):
        page.goto(award_url)
        assert WHY in page.locator(".pre").first.inner_text()
        confirm_second_factor(page, code)
        page.wait_for_url(award_url)
        page.select_option("#id_decision", "approve")
        page.get_by_role("button", name="Record the decision").click()
        page.wait_for_url(award_url)
        return page.locator("dl").first.inner_text()

    return steps


def claim_by_bank(base, receipt):
    def steps(page):
        page.goto(base + "/followup/")
        page.locator("input[name='code']").fill(receipt)
        page.get_by_role("button", name="打开我的举报").click()
        page.wait_for_url(base + "/followup/report/")
        page.locator("a[href='/followup/rewards/']").first.click()
        offer = page.locator("section.panel").filter(has_text="150000")
        offer.locator("input[name=method][value=bank]").check()
        offer.locator("input[name=payee_kind][value=person]").check()
        offer.locator("input[name=account_name]").fill(BANK["account_name"])
        offer.locator("input[name=bank]").fill(BANK["bank"])
        offer.locator("input[name=account_number]").fill(BANK["account_number"])
        offer.locator("button[type=submit]").click()
        page.wait_for_url(base + "/followup/rewards/")
        return page.locator("main").inner_text()

    return steps


def ask_the_custodian(award_url):
    def steps(page):
        page.goto(award_url)
        page.fill("textarea[name=justification]", "The transfer is due this week.")
        page.get_by_role("button", name="Ask the custodian to open the bank details").click()
        page.wait_for_url(award_url)
        return page.locator("main").inner_text()

    return steps


def custodian_approves(base):
    def steps(page):
        page.goto(base + "/staff/custody/")
        page.get_by_role("link", name="Requests to open bank details").click()
        request = page.locator("article.request").filter(has_text="The transfer is due")
        request.locator("input[name=approve][value=yes]").check()
        request.get_by_role("button", name="Record the decision").click()
        page.wait_for_url(base + "/staff/rewards/custody/")

    return steps


def open_details_and_pay(award_url, code):
    def steps(page):
        page.goto(award_url)
        page.get_by_role("link", name="Open the bank details").click()
        page.fill("#id_code", code)  # the sudo page, on the way to the details
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(re.compile(r".*/payee/$"))
        details = page.locator("dl.payee").inner_text()
        page.get_by_role("link", name="Back to the award").click()
        page.fill("#id_reference", "ICBC-TX-2026-0042")
        page.get_by_role("button", name="Record the payment").click()
        page.wait_for_url(award_url)
        return details

    return steps


def download_certificate(base, language, tmp_path: Path):
    def steps(page):
        page.goto(base + "/followup/rewards/")
        form = page.locator("form").filter(has=page.locator("select[name=language]"))
        form.locator("input[name=name]").fill(NAME)
        form.locator("input[name=consent]").check()
        form.locator("select[name=language]").select_option(language)
        with page.expect_download() as download:
            form.locator("button[type=submit]").click()
        path = tmp_path / f"certificate-{language}.pdf"
        download.value.save_as(path)
        return path

    return steps


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: `make test` installs Debian's poppler-utils")
    done = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True)  # noqa: S603 - fixed binary, our own file
    return done.stdout.decode()


def check_verification(base, code):
    def steps(page):
        page.goto(f"{base}/verify/{code}/")
        return page.locator("main").inner_text()

    return steps


def test_a_reward_from_proposal_to_certificate(
    live_server,
    tmp_path,
    analyst_a,
    reward_officer_a,
    hq_reward_officer,
    finance_officer,
    custodian,
):
    base = live_server.url
    high = tier("tier-4")
    case, reports, receipt = closed_case(analyst_a, receipt=True)

    with browsers() as start:
        analyst = start(locale="en-GB")
        analyst.do(log_in(base, analyst_a, totp_code(analyst_a)))
        award_url = analyst.do(propose_from_the_case_page(base, case.number, high.pk))
        award = Award.objects.get()
        assert award.status == AwardStatus.PROPOSED

        officer = start(locale="en-GB")
        officer.do(log_in(base, reward_officer_a, totp_code(reward_officer_a)))
        facts = officer.do(approve(award_url, totp_code(reward_officer_a)))
        assert "Awaiting headquarters' approval" in facts

        hq = start(locale="en-GB")
        hq.do(log_in(base, hq_reward_officer, totp_code(hq_reward_officer)))
        facts = hq.do(approve(award_url, totp_code(hq_reward_officer)))
        assert "Approved" in facts
        award.refresh_from_db()
        assert award.status == AwardStatus.APPROVED
        assert award.approvals.count() == 2

        reporter = start(locale="zh-CN")  # the receipt is all the reporter has
        page = reporter.do(claim_by_bank(base, receipt))
        assert "150000" in page
        share = award.shares.get()
        assert share.status == ShareStatus.CLAIMED

        payer = start(locale="en-GB")
        payer.do(log_in(base, finance_officer, totp_code(finance_officer)))
        page = payer.do(ask_the_custodian(award_url))
        assert "waiting for the custodian" in page

        keeper = start(locale="en-GB")
        keeper.do(log_in(base, custodian, totp_code(custodian)))
        keeper.do(custodian_approves(base))

        details = payer.do(open_details_and_pay(award_url, totp_code(finance_officer)))
        assert BANK["account_number"] in details
        share.refresh_from_db()
        assert share.status == ShareStatus.PAID
        payment = Payment.objects.get()
        assert (payment.amount, payment.paid_by) == (award.amount, finance_officer)

        chinese = pdf_text(reporter.do(download_certificate(base, "zh-hans", tmp_path)))
        english = pdf_text(reporter.do(download_certificate(base, "en", tmp_path)))
        assert "荣誉证书" in chinese
        assert "Certificate of Commendation" in english
        assert NAME in chinese
        assert NAME in english
        code = CODE.search(chinese).group()
        assert code in english  # one certificate, in two languages

        checker = start(locale="zh-CN")  # anyone holding the certificate
        page = checker.do(check_verification(base, code))
        assert "此证书真实有效" in page
        assert NAME in page
        page = start(locale="en-GB").do(check_verification(base, code))
        assert "This certificate is genuine." in page
        assert BANK["account_number"] not in page

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reward.propose",
        "reward.approve",
        "reward.claim",
        "reward.payee_request",
        "reward.payee_approve",
        "reward.payee_open",
        "reward.pay",
        "reward.certificate",
        "auth.sudo",
    } <= actions
    assert verify_chain()[1:] == (None, "")
