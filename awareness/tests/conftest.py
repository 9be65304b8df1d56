"""CMS personas and pages. Pages are made the way Wagtail's editor makes them (a revision by
its author), and the admin is reached on its own host, as a browser would."""

import pytest
from django.test import Client
from wagtail.models import Locale

from accounts.models import Role
from awareness.groups import sync_user
from awareness.models import ArticlePage, GuideIndexPage
from tipline.test import login_staff, make_staff

CMS_HOST = "cms.testserver"


@pytest.fixture
def cms_host(settings):
    settings.TIPLINE_CMS_HOST = CMS_HOST
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, CMS_HOST, "testserver"]
    return CMS_HOST


def _cms_user(username, unit, role):
    user = make_staff(username, unit, role)
    sync_user(user)  # as the first CMS request would
    return user


@pytest.fixture
def editor(unit_hq):
    return _cms_user("editor", unit_hq, Role.EDITOR)


@pytest.fixture
def publisher(unit_hq):
    return _cms_user("publisher", unit_hq, Role.PUBLISHER)


@pytest.fixture
def second_publisher(unit_hq):
    return _cms_user("publisher2", unit_hq, Role.PUBLISHER)


def cms_client(user=None) -> Client:
    client = Client(HTTP_HOST=CMS_HOST)
    return login_staff(client, user) if user is not None else client


@pytest.fixture
def guide_home(db):
    return GuideIndexPage.objects.get(depth=2, locale=Locale.objects.get(language_code="zh-hans"))


def draft_article(home, author, *, title="如何识别可疑接触", slug="spotting-approaches"):
    page = home.add_child(
        instance=ArticlePage(title=title, slug=slug, body="<p>正文</p>", live=False)
    )
    page.save_revision(user=author)
    return page


def submit(page, user):
    """What "Submit for moderation" does: start the page's workflow as `user`."""
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state
