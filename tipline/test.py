"""Personas for tests: units, one staff user per role, and one-line login helpers.

Registered for every test by the root conftest.py. Data is built through the real models and
actions; shared data other than people (categories, regions, files) is in tipline/testing/.

Units (regions 110000 北京 and 310000 上海 are created if missing):
    unit_hq     national headquarters (no parent)
    unit_a      Beijing bureau under HQ, bound to region 110000
    unit_b      Shanghai bureau under HQ, bound to region 310000

Users (each has password PASSWORD and a confirmed TOTP device):
    intake_officer  intake officer, unit A
    call_taker      call-taker, unit A
    analyst_a       analyst, unit A
    analyst_b       analyst, unit B
    supervisor      supervisor, unit A
    custodian       custodian, HQ
    auditor         auditor, HQ
    reward_officer  reward officer, HQ (also headquarters' second approval of high tiers)
    reward_officer_a  reward officer, unit A
    hq_reward_officer a second reward officer at HQ
    finance_officer finance officer, unit A (records reward payments)
    admin_user      administrator, HQ (also is_staff and is_superuser for the Django admin)

Helpers:
    login_staff(client, user)   log in with both factors done (no audit events, no axes)
    make_sudo(client)           mark the session's second factor fresh (accounts/sudo.py)
    api_token_for(user) -> str  a new bearer token for the staff API
    totp_code(user[, device])   the current TOTP code, accepted even if used before
    make_staff(username, unit, *roles) -> User   any other persona you need
"""

import time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp, sudo
from accounts.actions import do_create_staff, do_issue_api_token
from accounts.models import Region, Role, Unit, User
from intake.models import Category
from intake.questionnaire import CategorySpec
from intake.submission import Submission, reporter_kind
from tipline.testing.builders import region

__all__ = [
    "PASSWORD",
    "admin_user",
    "analyst_a",
    "analyst_b",
    "api_token_for",
    "auditor",
    "call_taker",
    "custodian",
    "intake_officer",
    "login_staff",
    "make_staff",
    "make_sudo",
    "finance_officer",
    "hq_reward_officer",
    "reward_officer",
    "reward_officer_a",
    "supervisor",
    "totp_code",
    "unit_a",
    "unit_b",
    "unit_hq",
]

PASSWORD = "persona-password-for-tests"  # noqa: S105 - test fixture


def _unit(name_zh: str, name_en: str, parent: Unit | None, bound: Region | None = None) -> Unit:
    unit = Unit.objects.create(name_zh=name_zh, name_en=name_en, parent=parent)
    if bound is not None:
        unit.regions.add(bound)
    return unit


def make_staff(username: str, unit: Unit, *roles: str) -> User:
    """A staff user with PASSWORD and a confirmed TOTP device, enrolled as createstaff would."""
    user, _link = do_create_staff(username, unit=unit, roles=list(roles), actor="system")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    return user


@pytest.fixture
def unit_hq(db) -> Unit:
    return _unit("国家总部", "National Headquarters", None)


@pytest.fixture
def unit_a(unit_hq) -> Unit:
    return _unit("北京市国家安全局", "Beijing Bureau", unit_hq, region("110000"))


@pytest.fixture
def unit_b(unit_hq) -> Unit:
    return _unit("上海市国家安全局", "Shanghai Bureau", unit_hq, region("310000"))


@pytest.fixture
def intake_officer(unit_a) -> User:
    return make_staff("intake_officer", unit_a, Role.INTAKE_OFFICER)


@pytest.fixture
def call_taker(unit_a) -> User:
    return make_staff("call_taker", unit_a, Role.CALL_TAKER)


@pytest.fixture
def analyst_a(unit_a) -> User:
    return make_staff("analyst_a", unit_a, Role.ANALYST)


@pytest.fixture
def analyst_b(unit_b) -> User:
    return make_staff("analyst_b", unit_b, Role.ANALYST)


@pytest.fixture
def supervisor(unit_a) -> User:
    return make_staff("supervisor", unit_a, Role.SUPERVISOR)


@pytest.fixture
def custodian(unit_hq) -> User:
    return make_staff("custodian", unit_hq, Role.CUSTODIAN)


@pytest.fixture
def auditor(unit_hq) -> User:
    return make_staff("auditor", unit_hq, Role.AUDITOR)


@pytest.fixture
def reward_officer(unit_hq) -> User:
    return make_staff("reward_officer", unit_hq, Role.REWARD_OFFICER)


@pytest.fixture
def reward_officer_a(unit_a) -> User:
    return make_staff("reward_officer_a", unit_a, Role.REWARD_OFFICER)


@pytest.fixture
def hq_reward_officer(unit_hq) -> User:
    return make_staff("hq_reward_officer", unit_hq, Role.REWARD_OFFICER)


@pytest.fixture
def finance_officer(unit_a) -> User:
    return make_staff("finance_officer", unit_a, Role.FINANCE_OFFICER)


@pytest.fixture
def admin_user(unit_hq) -> User:
    user = make_staff("admin_user", unit_hq, Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def login_staff(client: Client, user: User) -> Client:
    """Log in as if the user had typed their password and a TOTP code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = otp.confirmed_device(user).persistent_id
    session.save()
    return client


def make_sudo(client: Client) -> Client:
    session = client.session
    session[sudo.SESSION_KEY] = time.time()
    session.save()
    return client


def api_token_for(user: User, *, days: int = 30) -> str:
    return do_issue_api_token(user, name="test", days=days, actor="system")[1]


def totp_code(user: User, device: TOTPDevice | None = None) -> str:
    """The code for now of `device` (default: the user's confirmed device, else the one being
    enrolled), with replay protection and throttling reset so it is accepted."""
    device = device or otp.confirmed_device(user) or otp.pending_device(user)
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(
        device.digits
    )


def submission(*, category_id: int, region_code: str | None = None, **fields) -> Submission:
    """A Submission as a channel would build it, for tests that file reports directly with
    do_submit_report (the answers are taken as already validated)."""
    slug = Category.objects.values_list("slug", flat=True).get(pk=category_id)
    fields.setdefault("language", "zh-hans")
    fields.setdefault("answers", {})
    fields.setdefault("channel", "web")
    if "files" in fields:
        fields["files"] = tuple(fields["files"])
    if "staged_ids" in fields:
        fields["staged"] = tuple(fields.pop("staged_ids"))
    fields.setdefault("reporter_kind", reporter_kind(fields.get("contact")))
    return Submission(CategorySpec(category_id, slug), region_code, **fields)
