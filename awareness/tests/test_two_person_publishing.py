"""Two-person publishing: what one person wrote, another approves; nobody publishes directly."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import GroupPagePermission

from awareness.tests.conftest import cms_client, draft_article, submit
from awareness.workflow import TwoPersonApprovalTask

pytestmark = pytest.mark.django_db


def approve_url(page, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))


def test_nobody_holds_wagtails_publish_permission(guide_home):
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()


def test_the_tree_is_governed_by_the_two_person_task(guide_home):
    task = guide_home.get_workflow().tasks.get().specific
    assert isinstance(task, TwoPersonApprovalTask)


def test_the_workflow_is_named_in_both_site_languages_even_if_made_under_its_old_name(guide_home):
    # Wagtail shows the stored name as it is ("等待 …" on a Chinese screen).
    from wagtail.models import Workflow

    from awareness.groups import WORKFLOW_NAME, sync_groups

    Workflow.objects.filter(name=WORKFLOW_NAME).update(name="Two-person approval")
    TwoPersonApprovalTask.objects.update(name="Two-person approval")
    sync_groups()
    workflow = guide_home.get_workflow()
    assert workflow.name == WORKFLOW_NAME == "双人审核 / Two-person approval"
    assert workflow.tasks.get().name == WORKFLOW_NAME
    assert Workflow.objects.filter(active=True).count() == 1


def test_an_editor_cannot_publish_directly(cms_host, guide_home, editor):
    page = draft_article(guide_home, editor)
    assert not page.permissions_for_user(editor).can_publish()
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = {"title": page.title, "slug": page.slug, "body": "{}", "action-publish": "1"}
    response = cms_client(editor).post(edit, data)
    assert response.status_code in (200, 302)  # the editor reached the editor, and yet:
    page.refresh_from_db()
    assert not page.live
    assert not page.get_latest_revision().approved_go_live_at


def test_another_publisher_approves_and_the_page_goes_live(cms_host, guide_home, editor, publisher):
    page = draft_article(guide_home, editor)
    task_state = submit(page, editor)
    response = cms_client(publisher).post(approve_url(page, task_state), {})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_the_author_is_not_offered_approval_of_their_own_page(guide_home, publisher):
    page = draft_article(guide_home, publisher)
    task_state = submit(page, publisher)
    actions = [name for name, *_rest in task_state.task.specific.get_actions(page, publisher)]
    assert "approve" not in actions
    assert "reject" in actions


def test_the_author_cannot_approve_their_own_page_by_posting(cms_host, guide_home, publisher):
    page = draft_article(guide_home, publisher)
    task_state = submit(page, publisher)
    response = cms_client(publisher).post(approve_url(page, task_state), {})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, publisher, "approve")


def test_the_submitter_cannot_approve_what_an_editor_wrote(guide_home, editor, publisher):
    page = draft_article(guide_home, editor)
    task_state = submit(page, publisher)
    actions = [name for name, *_rest in task_state.task.specific.get_actions(page, publisher)]
    assert "approve" not in actions


def test_a_publisher_who_edits_during_review_can_no_longer_approve(
    guide_home, editor, publisher, second_publisher
):
    page = draft_article(guide_home, editor)
    task_state = submit(page, editor)
    page.body = "<p>改过的正文</p>"
    page.save_revision(user=publisher)
    task = task_state.task.specific
    assert "approve" not in [name for name, *_r in task.get_actions(page, publisher)]
    assert "approve" in [name for name, *_r in task.get_actions(page, second_publisher)]


def test_an_editor_cannot_approve_at_all(guide_home, editor, publisher):
    page = draft_article(guide_home, publisher)
    task_state = submit(page, publisher)
    assert task_state.task.specific.get_actions(page, editor) == []


def test_approval_and_publishing_are_in_the_audit_trail(guide_home, editor, publisher):
    from audit.models import AuditEvent

    page = draft_article(guide_home, editor)
    task_state = submit(page, editor)
    task_state.task.specific.on_action(task_state, publisher, "approve")
    actions = list(
        AuditEvent.objects.filter(target_type="page", target_id=str(page.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "awareness.page_submitted",
        "awareness.page_published",
        "awareness.page_approved",
    ]
