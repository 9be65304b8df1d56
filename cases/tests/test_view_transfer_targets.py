"""The transfer control offers real units only: headquarters and offices bound to regions, sorted,
without the user's own unit."""

import pytest

from accounts.models import Unit
from tipline.test import login_staff
from tipline.testing.builders import region

from .helpers import submit

pytestmark = pytest.mark.django_db


def targets(client, user, language="en"):
    client.cookies["django_language"] = language
    report = submit()
    response = login_staff(client, user).get(f"/staff/reports/{report.pk}/")
    field = response.context["transfer_form"].fields["unit"]
    return [label for value, label in field.choices if value]


def test_it_offers_headquarters_and_other_bureaus_but_not_the_users_own(
    client, intake_officer, unit_b
):
    assert targets(client, intake_officer) == ["National Headquarters", "Shanghai Bureau"]


def test_a_unit_without_regions_is_not_offered(client, intake_officer, unit_hq):
    Unit.objects.create(name_zh="服务账号", name_en="Service accounts", parent=unit_hq)
    assert "Service accounts" not in targets(client, intake_officer)


def test_english_names_are_sorted_alphabetically(client, intake_officer, unit_hq, unit_b):
    anhui = Unit.objects.create(name_zh="安徽省国家安全厅", name_en="Anhui Bureau", parent=unit_hq)
    anhui.regions.add(region("340000"))
    assert targets(client, intake_officer) == [
        "National Headquarters",
        "Anhui Bureau",
        "Shanghai Bureau",
    ]


def test_chinese_names_follow_the_order_of_region_codes(client, intake_officer, unit_hq, unit_b):
    hebei = Unit.objects.create(name_zh="河北省国家安全厅", name_en="Hebei", parent=unit_hq)
    hebei.regions.add(region("130000"))
    assert targets(client, intake_officer, "zh-hans") == [
        "国家总部",
        "河北省国家安全厅",
        "上海市国家安全局",
    ]


def test_a_unit_that_is_not_offered_cannot_be_posted(client, intake_officer, unit_a):
    report = submit()
    body = {"unit": unit_a.pk, "reason": "mine"}
    response = login_staff(client, intake_officer).post(
        f"/staff/reports/{report.pk}/transfer/", body
    )
    assert response.status_code == 422
