"""Moderation e-mails, through the admin's own views: a submission goes to the publishers who
may approve it (never its author), a decision to its authors (never the one who decided), each
in the recipient's language, with links to the CMS host and nothing else."""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from wagtail.users.models import UserProfile

from awareness.tests.conftest import cms_client, draft_article
from tipline.env import cms_url

pytestmark = pytest.mark.django_db

CMS_URL = "https://cms.example.test"
SITE_URL = "https://tips.example.test"


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.WAGTAILADMIN_BASE_URL = CMS_URL
    settings.SITE_URL = SITE_URL
    settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = "cms@tips.example.test"


def speaks(user, language):
    user.email = f"{user.username}@agency.example.test"
    user.save(update_fields=["email"])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


class _Inputs(HTMLParser):
    """The values of a page's <input>s, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "checkbox":
            self.values.setdefault(attrs["name"], attrs.get("value") or "")


def submit_through_the_editor(client, page):
    """Press "Submit for moderation" on the page's edit screen, as a browser would."""
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    inputs = _Inputs()
    inputs.feed(client.get(edit).content.decode())
    fields = ("title", "slug", "body", "loaded_revision_id", "loaded_revision_created_at")
    data = {name: inputs.values[name] for name in fields}
    response = client.post(edit, {**data, "summary": "", "action-submit": "1"})
    assert response.status_code == 302, "the edit form was accepted"
    page.refresh_from_db()
    assert page.current_workflow_task_state is not None
    return page.current_workflow_task_state


def decide(client, page, task_state, action):
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    data = {"comment": "请核对电话号码"} if action == "reject" else {}
    response = client.post(url, data)
    assert response.status_code in (200, 302)


@pytest.fixture
def people(cms_host, editor, publisher, second_publisher):
    return (
        speaks(editor, "zh-hans"),
        speaks(publisher, "en"),
        speaks(second_publisher, "zh-hans"),
    )


class Moderation:
    """One page through the workflow, a step at a time; each step runs its on-commit callbacks
    (where the mails are sent) and leaves in the outbox only the mails that step sent."""

    def __init__(self, home, outbox, on_commit):
        self.home, self.outbox, self.on_commit = home, outbox, on_commit
        self.page = self.task_state = None

    def submit(self, author, *, by=None):
        """`author` writes the page, `by` (the author if not given) submits it."""
        self.page = draft_article(self.home, author)
        self.outbox.clear()
        with self.on_commit(execute=True):
            self.task_state = submit_through_the_editor(cms_client(by or author), self.page)
        return self.page

    def decide(self, user, action):
        self.outbox.clear()
        with self.on_commit(execute=True):
            decide(cms_client(user), self.page, self.task_state, action)
        self.page.refresh_from_db()
        return self.page


@pytest.fixture
def moderation(people, guide_home, mailoutbox, django_capture_on_commit_callbacks):
    return Moderation(guide_home, mailoutbox, django_capture_on_commit_callbacks)


def test_a_submission_mails_the_publishers_not_the_author(people, moderation, mailoutbox):
    editor, publisher, second_publisher = people
    moderation.submit(editor)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([publisher.email, second_publisher.email])
    assert all(m.from_email == "cms@tips.example.test" for m in mailoutbox)


def test_a_publisher_who_wrote_the_page_is_not_asked_to_approve_it(people, moderation, mailoutbox):
    editor, publisher, second_publisher = people
    moderation.submit(publisher, by=editor)
    assert [m.to for m in mailoutbox] == [[second_publisher.email]]


def test_each_publisher_reads_it_in_their_language_with_links_to_the_cms(
    people, moderation, mailoutbox
):
    editor, publisher, second_publisher = people
    page = moderation.submit(editor)
    by_recipient = {m.to[0]: m for m in mailoutbox}
    english, chinese = by_recipient[publisher.email], by_recipient[second_publisher.email]
    assert "has been submitted for approval" in english.subject
    assert "submitted" not in chinese.subject
    assert re.search(r"[\u4e00-\u9fff]", chinese.subject), "Wagtail's own zh-Hans catalogue"
    edit_link = f"{CMS_URL}/cms/pages/{page.pk}/edit/"
    for mail in mailoutbox:
        assert edit_link in mail.body
        assert SITE_URL not in mail.body
        links = re.findall(r"https?://[^\s\"']+", mail.body)
        assert links
        assert all(link.startswith(CMS_URL + "/cms/") for link in links)


def test_approval_mails_the_author_not_the_approver(people, moderation, mailoutbox):
    editor, publisher, _second = people
    moderation.submit(editor)
    assert moderation.decide(publisher, "approve").live
    assert [m.to for m in mailoutbox] == [[editor.email]]
    assert re.search(r"[\u4e00-\u9fff]", mailoutbox[0].subject), "the editor reads Chinese"


def test_rejection_mails_the_author_with_the_comment(people, moderation, mailoutbox):
    editor, _publisher, second_publisher = people
    page = moderation.submit(editor)
    assert not moderation.decide(second_publisher, "reject").live
    assert [m.to for m in mailoutbox] == [[editor.email]]
    assert "请核对电话号码" in mailoutbox[0].body
    assert f"{CMS_URL}/cms/pages/{page.pk}/edit/" in mailoutbox[0].body


def test_a_page_submitted_by_a_publisher_for_an_editor_tells_both_of_the_decision(
    people, moderation, mailoutbox
):
    editor, publisher, second_publisher = people
    moderation.submit(editor, by=publisher)
    moderation.decide(second_publisher, "reject")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([editor.email, publisher.email])


def test_nothing_is_sent_before_the_step_commits(people, guide_home, mailoutbox):
    editor, _publisher, _second = people
    submit_through_the_editor(cms_client(editor), draft_article(guide_home, editor))
    assert mailoutbox == []


def test_the_language_a_user_first_works_in_becomes_their_mails(cms_host, editor):
    client = cms_client(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get("/cms/").status_code == 200
    assert UserProfile.get_for_user(editor).preferred_language == "en"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("", "https://cms.example.gov"),
        ("https://cms.example.gov/", "https://cms.example.gov"),
        ("http://cms.example.gov:8161", "http://cms.example.gov:8161"),
    ],
)
def test_the_cms_address_in_mails_is_on_the_cms_host(given, expected):
    assert cms_url("cms.example.gov", given, True) == expected


@pytest.mark.parametrize(
    "given", ["https://tips.example.gov", "ftp://cms.example.gov", "https://cms.example.gov/x/"]
)
def test_any_other_address_stops_the_start(given):
    with pytest.raises(ImproperlyConfigured, match="TIPLINE_CMS_URL"):
        cms_url("cms.example.gov", given, True)
