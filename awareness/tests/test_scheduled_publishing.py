"""Scheduled publishing: an approved page with a go-live time goes live when our scheduler's
task runs after that time, not before; an unapproved one never does."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from awareness.tasks import publish_scheduled_pages
from awareness.tests.conftest import draft_article, submit

pytestmark = pytest.mark.django_db


def scheduled_article(home, author, *, slug="scheduled"):
    page = draft_article(home, author, slug=slug)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision(user=author)
    return page


def time_passes(revision):
    """Move the go-live time (as approved, and in the revision) a minute into the past."""
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])


def test_the_scheduler_runs_the_task_every_minute():
    assert ("awareness.tasks.publish_scheduled_pages", 60) in settings.PERIODIC_TASKS


def test_an_approved_page_waits_for_its_time_then_goes_live(guide_home, editor, publisher):
    page = scheduled_article(guide_home, editor)
    task_state = submit(page, editor)
    task_state.task.specific.on_action(task_state, publisher, "approve")
    page.refresh_from_db()
    assert not page.live
    revision = page.get_latest_revision()
    assert revision.approved_go_live_at is not None

    publish_scheduled_pages.call()
    page.refresh_from_db()
    assert not page.live, "not before its time"

    time_passes(revision)
    publish_scheduled_pages.call()
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == revision.pk


def test_a_go_live_time_without_approval_publishes_nothing(guide_home, editor):
    page = scheduled_article(guide_home, editor, slug="never-approved")
    submit(page, editor)
    page.go_live_at = timezone.now() - timedelta(minutes=1)
    page.save_revision(user=editor)
    publish_scheduled_pages.call()
    page.refresh_from_db()
    assert not page.live
