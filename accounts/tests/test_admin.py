import pytest
from django.utils import timezone

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


def user_change_data(user, roles: list[tuple[int | str, str, bool]]) -> dict:
    """The Django admin's change form for `user`, with these (id, role, delete) role rows."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "unit": user.unit_id,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "staff_roles-TOTAL_FORMS": str(len(roles)),
        "staff_roles-INITIAL_FORMS": str(sum(1 for pk, _r, _d in roles if pk)),
        "staff_roles-MIN_NUM_FORMS": "0",
        "staff_roles-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, role, delete) in enumerate(roles):
        data.update({f"staff_roles-{i}-id": pk, f"staff_roles-{i}-user": user.pk})
        data[f"staff_roles-{i}-role"] = role
        if delete:
            data[f"staff_roles-{i}-DELETE"] = "on"
    return data


def test_granting_and_taking_roles_in_the_admin_is_audited(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    url = f"/admin/accounts/user/{analyst_a.pk}/change/"
    analyst_role = analyst_a.staff_roles.get()
    grant = user_change_data(
        analyst_a, [(analyst_role.pk, "analyst", False), ("", "custodian", False)]
    )
    response = client.post(url, grant)
    assert response.status_code == 302, response.context["errors"]
    custodian_role = analyst_a.staff_roles.get(role="custodian")
    take = user_change_data(
        analyst_a, [(analyst_role.pk, "analyst", False), (custodian_role.pk, "custodian", True)]
    )
    assert client.post(url, take).status_code == 302
    events = AuditEvent.objects.filter(action__startswith="accounts.role_").order_by("seq")
    assert [(e.action, e.details["role"], e.actor) for e in events] == [
        ("accounts.role_granted", "custodian", admin_user),
        ("accounts.role_revoked", "custodian", admin_user),
    ]
    assert {e.target_id for e in events} == {str(analyst_a.pk)}


def test_a_role_changed_in_place_is_one_taken_and_one_given(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    role = analyst_a.staff_roles.get()
    data = user_change_data(analyst_a, [(role.pk, "supervisor", False)])
    assert client.post(f"/admin/accounts/user/{analyst_a.pk}/change/", data).status_code == 302
    events = AuditEvent.objects.filter(action__startswith="accounts.role_").order_by("seq")
    assert [(e.action, e.details["role"]) for e in events] == [
        ("accounts.role_revoked", "analyst"),
        ("accounts.role_granted", "supervisor"),
    ]


def test_the_admin_cannot_turn_a_person_into_a_service_account(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    role = analyst_a.staff_roles.get()
    data = {
        **user_change_data(analyst_a, [(role.pk, "analyst", False)]),
        "is_service_account": "on",
    }
    assert client.post(f"/admin/accounts/user/{analyst_a.pk}/change/", data).status_code == 302
    analyst_a.refresh_from_db()
    assert not analyst_a.is_service_account
