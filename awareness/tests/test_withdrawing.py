"""Withdrawing a live page: one publisher, at once, audited; the history stays, and going live
again is a new submission through the two-person workflow."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Revision

from audit.models import AuditEvent
from awareness.tests.conftest import cms_client, draft_article, submit

pytestmark = pytest.mark.django_db


def live_article(home, author, approver, **kwargs):
    page = draft_article(home, author, **kwargs)
    task_state = submit(page, author)
    task_state.task.specific.on_action(task_state, approver, "approve")
    page.refresh_from_db()
    assert page.live
    return page


def withdraw_url(page):
    return reverse("awareness_withdraw", args=(page.pk,))


def revisions_of(page):
    return Revision.objects.filter(object_id=str(page.pk)).count()


@pytest.fixture
def live_page(guide_home, editor, publisher):
    return live_article(guide_home, editor, publisher)


def test_a_publisher_withdraws_a_live_page_and_it_is_gone_at_once(
    cms_host, live_page, second_publisher
):
    public_url = live_page.get_url_parts()[2]
    assert Client().get(public_url).status_code == 200
    history = revisions_of(live_page)
    response = cms_client(second_publisher).post(
        withdraw_url(live_page), {"reason": "电话号码写错了", "translations": "on"}
    )
    assert response.status_code == 302
    live_page.refresh_from_db()
    assert not live_page.live
    assert Client().get(public_url).status_code == 404
    assert revisions_of(live_page) == history, "the page's history stays"


def test_the_withdrawal_is_in_the_audit_trail_with_who_and_why(
    cms_host, live_page, second_publisher
):
    cms_client(second_publisher).post(withdraw_url(live_page), {"reason": "内容有误"})
    event = AuditEvent.objects.get(action="awareness.page_withdrawn")
    assert event.actor == second_publisher
    assert event.target_id == str(live_page.pk)
    assert event.details["reason"] == "内容有误"
    assert not AuditEvent.objects.filter(action="awareness.page_unpublished").exists()


def test_one_publisher_withdraws_alone_even_what_they_wrote(
    cms_host, guide_home, publisher, second_publisher
):
    page = live_article(guide_home, publisher, second_publisher)
    cms_client(publisher).post(withdraw_url(page), {"reason": "写错了"})
    page.refresh_from_db()
    assert not page.live


def test_an_editor_can_neither_see_nor_use_withdrawal(cms_host, live_page, editor):
    client = cms_client(editor)
    for response in (
        client.get(withdraw_url(live_page)),
        client.post(withdraw_url(live_page), {"reason": "x"}),
    ):
        # Wagtail's answer to a denied admin view: back to the dashboard, with a message.
        assert (response.status_code, response["Location"]) == (302, "/cms/")
    live_page.refresh_from_db()
    assert live_page.live
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(live_page.pk,)))
    assert withdraw_url(live_page) not in edit.content.decode()


def test_a_publisher_is_offered_withdrawal_on_the_page(cms_host, live_page, publisher):
    edit = cms_client(publisher).get(reverse("wagtailadmin_pages:edit", args=(live_page.pk,)))
    assert withdraw_url(live_page) in edit.content.decode()


@pytest.mark.parametrize(
    ("language", "action"), [("zh-CN", "从公众网站撤下"), ("en", "Withdraw from the public site")]
)
def test_the_screen_names_the_page_it_withdraws(cms_host, live_page, publisher, language, action):
    client = cms_client(publisher)
    html = client.get(withdraw_url(live_page), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert live_page.title in header
    assert reverse("wagtailadmin_pages:edit", args=(live_page.pk,)) in header
    assert action in header


def test_a_reason_is_required(cms_host, live_page, publisher):
    response = cms_client(publisher).post(withdraw_url(live_page), {"reason": "  "})
    assert response.status_code == 200
    assert 'class="w-field__errors"' in response.content.decode()
    live_page.refresh_from_db()
    assert live_page.live


def test_a_page_that_is_not_live_is_not_found(cms_host, guide_home, editor, publisher):
    draft = draft_article(guide_home, editor)
    assert cms_client(publisher).get(withdraw_url(draft)).status_code == 404


def test_the_other_languages_go_too_unless_kept(cms_host, live_page, editor, publisher):
    english = live_page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision(user=editor).publish()
    english.refresh_from_db()
    assert english.live
    cms_client(publisher).post(withdraw_url(live_page), {"reason": "x", "translations": "on"})
    english.refresh_from_db()
    assert not english.live


def test_kept_translations_stay_live(cms_host, live_page, editor, publisher):
    english = live_page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision(user=editor).publish()
    cms_client(publisher).post(withdraw_url(live_page), {"reason": "only the Chinese is wrong"})
    english.refresh_from_db()
    assert english.live


def test_going_live_again_needs_the_two_person_workflow(
    cms_host, live_page, editor, publisher, second_publisher
):
    cms_client(publisher).post(withdraw_url(live_page), {"reason": "核实中"})
    live_page.refresh_from_db()
    assert not live_page.permissions_for_user(publisher).can_publish()
    task_state = submit(live_page, publisher)
    actions = [name for name, *_r in task_state.task.specific.get_actions(live_page, publisher)]
    assert "approve" not in actions, "the one who resubmits does not approve"
    task_state.task.specific.on_action(task_state, second_publisher, "approve")
    live_page.refresh_from_db()
    assert live_page.live


@pytest.mark.parametrize(
    ("keep", "told"), [(True, "has been withdrawn"), (False, "in 2 languages")]
)
def test_the_message_counts_languages_only_when_there_are_several(
    cms_host, live_page, editor, publisher, keep, told
):
    english = live_page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision(user=editor).publish()
    client = cms_client(publisher)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = {"reason": "x"} if keep else {"reason": "x", "translations": "on"}
    html = client.post(withdraw_url(live_page), form, follow=True).content.decode()
    assert told in html
    assert "in 1 languages" not in html
