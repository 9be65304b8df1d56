from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp

from accounts.management.commands.load_demo_staff import PERSONAS
from accounts.models import Region, Unit, User
from accounts.otp import confirmed_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces(db):
    Region.objects.create(code="110000", name_zh="北京市", name_en="Beijing", level=1)
    Region.objects.create(code="310000", name_zh="上海市", name_en="Shanghai", level=1)
    Region.objects.create(code="320000", name_zh="江苏省", name_en="Jiangsu", level=1)
    Region.objects.create(code="710000", name_zh="台湾省", name_en="Taiwan", level=1)


def load() -> str:
    out = StringIO()
    call_command("load_demo_staff", stdout=out)
    return out.getvalue()


def test_it_refuses_to_run_without_debug(settings, provinces):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        load()
    assert not User.objects.exists()


def test_it_creates_a_bureau_per_province_and_a_persona_per_role(settings, provinces):
    settings.DEBUG = True
    out = load()
    assert Unit.objects.filter(name_zh="北京市国家安全局", regions__code="110000").exists()
    assert Unit.objects.filter(name_en="Shanghai Municipal State Security Bureau").exists()
    assert Unit.objects.filter(name_zh="江苏省国家安全厅", regions__code="320000").exists()
    assert not Unit.objects.filter(regions__code="710000").exists()
    for username, role, _code in PERSONAS:
        user = User.objects.get(username=username)
        assert role in user.role_set()
        assert user.check_password("tipline-demo-pass")
        assert username in out
    assert User.objects.get(username="demo-analyst-sh").unit.name_en.startswith("Shanghai")
    assert "otpauth://totp/" in out


def test_running_it_again_changes_nothing(settings, provinces):
    settings.DEBUG = True
    first = load()
    counts = (Unit.objects.count(), User.objects.count())
    assert load() == first
    assert (Unit.objects.count(), User.objects.count()) == counts


def test_the_printed_secret_works_as_a_second_factor(settings, client, provinces):
    settings.DEBUG = True
    load()
    user = User.objects.get(username="demo-auditor")
    device = confirmed_device(user)
    code = str(totp(device.bin_key)).zfill(6)
    client.post("/staff/login/", {"username": "demo-auditor", "password": "tipline-demo-pass"})
    client.post("/staff/login/otp/", {"code": code})
    assert client.get("/staff/audit/").status_code == 200


def test_a_rerun_renames_a_bureau_of_an_older_naming(settings, provinces):
    settings.DEBUG = True
    load()
    Unit.objects.filter(regions__code="110000").update(name_zh="北京市国家安全厅")
    load()
    assert list(Unit.objects.filter(regions__code="110000").values_list("name_zh", flat=True)) == [
        "北京市国家安全局"
    ]
