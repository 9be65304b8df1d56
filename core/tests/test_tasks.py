from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["tipline.report"] = "an id"
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_expired_sessions_are_deleted_and_live_ones_kept():
    ended = session(timedelta(seconds=-1))
    live = session(timedelta(minutes=10))
    clear_expired_sessions.call()
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert ended != live


def test_the_scheduler_clears_sessions_at_least_every_idle_period():
    interval = dict(settings.PERIODIC_TASKS)["core.tasks.clear_expired_sessions"]
    assert interval <= settings.SESSION_COOKIE_AGE
