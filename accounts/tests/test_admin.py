import pytest

from accounts.models import Region, Unit
from audit.models import AuditEvent
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


def test_an_admin_can_list_staff_users(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert "analyst_a" in response.content.decode()


def test_regions_can_be_found_by_name_and_filtered_by_level(client, admin_user):
    province = Region.objects.create(code="320000", name_zh="江苏省", name_en="Jiangsu", level=1)
    Region.objects.create(
        code="320500", name_zh="苏州市", name_en="Suzhou", level=2, parent=province
    )
    login_staff(client, admin_user)
    found = client.get("/admin/accounts/region/", {"q": "苏州"}).content.decode()
    assert "320500" in found
    assert "320000</a>" not in found
    cities = client.get("/admin/accounts/region/", {"level__exact": "2"}).content.decode()
    assert "320500" in cities


def test_changing_a_region_in_the_admin_is_audited(client, admin_user):
    Region.objects.create(code="320000", name_zh="江苏省", name_en="Jiangsu", level=1)
    login_staff(client, admin_user)
    data = {"code": "320000", "name_zh": "江苏省", "name_en": "Jiangsu Province", "level": "1"}
    response = client.post("/admin/accounts/region/320000/change/", data)
    assert response.status_code == 302, response.context["errors"]
    event = AuditEvent.objects.get(action="admin.region.change")
    assert event.actor == admin_user
    assert event.target_id == "320000"
    assert "Jiangsu Province" not in str(event.details)


def test_the_admin_needs_the_second_factor(client, admin_user):
    client.force_login(admin_user)  # password only
    response = client.get("/admin/intake/category/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith("/staff/login/?next=")


def test_verified_staff_without_admin_rights_are_refused(client, analyst_a):
    login_staff(client, analyst_a)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_an_admin_can_add_a_unit_under_another(client, admin_user, unit_hq):
    login_staff(client, admin_user)
    data = {"name_zh": "江苏省国家安全厅", "name_en": "Jiangsu Bureau", "parent": unit_hq.pk}
    response = client.post("/admin/accounts/unit/add/", data)
    assert response.status_code == 302, response.context["errors"]
    unit = Unit.objects.get(name_en="Jiangsu Bureau")
    assert unit.path == f"{unit_hq.path}{unit.pk}/"


def test_a_unit_keeps_its_parent(client, admin_user, unit_a, unit_b):
    login_staff(client, admin_user)
    data = {"name_zh": unit_a.name_zh, "name_en": "Renamed", "parent": unit_b.pk}
    client.post(f"/admin/accounts/unit/{unit_a.pk}/change/", data)
    unit_a.refresh_from_db()
    assert unit_a.name_en == "Renamed"
    assert unit_a.parent_id != unit_b.pk
