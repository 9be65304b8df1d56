"""The admin answers only on the CMS host, behind the staff login; nothing else answers there."""

import pytest
from django.test import Client

from accounts.models import Role
from awareness.tests.conftest import CMS_HOST, cms_client
from tipline.test import login_staff, make_staff

pytestmark = pytest.mark.django_db


def test_the_admin_is_a_404_on_the_public_site(cms_host, editor):
    client = login_staff(Client(), editor)
    assert client.get("/cms/").status_code == 404
    assert client.get("/cms/pages/").status_code == 404


def test_the_admin_answers_nowhere_without_a_cms_host(settings, editor):
    settings.TIPLINE_CMS_HOST = ""
    assert login_staff(Client(), editor).get("/cms/").status_code == 404


@pytest.mark.parametrize("path", ["/report/", "/followup/", "/guide/", "/staff/tokens/", "/admin/"])
def test_nothing_else_answers_on_the_cms_host(cms_host, editor, path):
    assert cms_client(editor).get(path).status_code == 404


def test_an_editor_signed_in_with_both_factors_reaches_the_admin(cms_host, editor):
    response = cms_client(editor).get("/cms/")
    assert response.status_code == 200


def test_anyone_else_is_sent_to_the_staff_login(cms_host):
    response = cms_client().get("/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=%2Fcms%2Fpages%2F"


def test_a_password_without_the_second_factor_is_not_enough(cms_host, editor):
    client = Client(HTTP_HOST=CMS_HOST)
    client.force_login(editor)
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/otp/")


def test_the_staff_login_answers_on_the_cms_host_with_the_sites_policy(cms_host):
    response = cms_client().get("/staff/login/?next=/cms/")
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_wagtails_login_goes_to_the_staff_login(cms_host):
    response = cms_client().get("/cms/login/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/staff/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/cms/password_reset/",
        "/cms/password_reset/done/",
        "/cms/users/",
        "/cms/users/add/",
        "/cms/groups/",
        "/cms/account/change_password/",
        "/cms/workflows/list/",
    ],
)
def test_wagtails_password_user_and_group_screens_are_not_reachable(cms_host, publisher, path):
    assert cms_client(publisher).get(path).status_code == 404
    assert cms_client().get(path).status_code == 404


def test_the_account_page_offers_no_password_change(cms_host, editor):
    response = cms_client(editor).get("/cms/account/")
    assert response.status_code == 200
    assert b"change_password" not in response.content


def test_staff_without_a_cms_role_are_refused(cms_host, analyst_a):
    assert cms_client(analyst_a).get("/cms/").status_code == 403


def test_a_superuser_is_refused_so_that_nobody_publishes_past_the_workflow(cms_host, unit_hq):
    admin = make_staff("cms_admin", unit_hq, Role.ADMIN, Role.EDITOR)
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    assert cms_client(admin).get("/cms/").status_code == 403


def test_only_the_admin_gets_the_looser_policy(cms_host, editor):
    admin = cms_client(editor).get("/cms/")["Content-Security-Policy"]
    site = Client().get("/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin
    assert "unsafe-inline" not in site


def test_signing_out_of_the_cms_is_the_staff_sign_out(cms_host, editor):
    client = cms_client(editor)
    response = client.post("/cms/logout/")
    assert response.status_code == 302
    assert client.get("/cms/").status_code == 302


def test_roles_decide_the_groups_and_losing_the_role_loses_the_group(cms_host, editor):
    from accounts.models import StaffRole

    assert list(editor.groups.values_list("name", flat=True)) == ["CMS editors"]
    StaffRole.objects.filter(user=editor).delete()
    editor.__dict__.pop("_role_cache", None)
    assert cms_client(editor).get("/cms/").status_code == 403
    from awareness.groups import sync_user

    sync_user(editor)
    assert not editor.groups.exists()


def test_the_configuration_admin_does_not_edit_groups(admin_user):
    client = login_staff(Client(), admin_user)
    assert client.get("/admin/auth/group/").status_code == 404


def test_the_admin_speaks_chinese_where_wagtails_own_catalogue_is_silent(cms_host, editor):
    # tipline/wagtail_messages.py keeps these in our catalogue, which LOCALE_PATHS puts first.
    from django.utils import translation

    from tipline.wagtail_messages import MESSAGES

    with translation.override("zh-hans"):
        untranslated = [text for text in MESSAGES if translation.gettext(text) == text]
    assert untranslated == []
    page = cms_client(editor).get("/cms/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "搜索全部页面" in page
    assert "Search all pages" not in page
