"""Wagtail's moderation and publishing steps, written to our audit trail as they happen.

Wagtail keeps its own log of page actions; the audit trail is where the agency looks for every
decision, so submission, approval, rejection, publishing and unpublishing are recorded there too,
in the same transaction as the step (the signals fire inside Wagtail's atomic blocks)."""

from contextlib import contextmanager
from contextvars import ContextVar

from audit.actions import record

_UID = "awareness.audit"
# The fixed part of the tree (empty guide homes, made after every migrate) is setup, not an
# editorial decision: recording it would put events in every fresh database before anyone acts.
_setting_up: ContextVar[bool] = ContextVar("awareness_setting_up", default=False)
# Who withdraws a page and why, while awareness.actions.do_withdraw_page unpublishes it: the
# one event then names them. Without it (a scheduled expiry) the system took the page down.
_withdrawal: ContextVar[dict | None] = ContextVar("awareness_withdrawal", default=None)


@contextmanager
def setting_up():
    token = _setting_up.set(True)
    try:
        yield
    finally:
        _setting_up.reset(token)


@contextmanager
def withdrawing(actor, reason: str):
    token = _withdrawal.set({"actor": actor, "reason": reason})
    try:
        yield
    finally:
        _withdrawal.reset(token)


def _page_details(page) -> dict:
    return {"title": page.title, "locale": page.locale.language_code}


def _workflow(action: str):
    def receiver(sender, instance, user=None, **kwargs):
        if _setting_up.get():
            return
        page = instance.content_object
        details = _page_details(page)
        record(action, actor=user, target_type="page", target_id=page.pk, details=details)

    return receiver


def _published(sender, instance, revision=None, **kwargs):
    if _setting_up.get():
        return
    user = getattr(revision, "user", None) if revision is not None else None
    details = {**_page_details(instance), "revision": getattr(revision, "pk", None)}
    # The revision's author, not the approver: the approval is recorded separately.
    record(
        "awareness.page_published",
        actor=None,
        target_type="page",
        target_id=instance.pk,
        details={**details, "author": getattr(user, "pk", None)},
    )


def _unpublished(sender, instance, **kwargs):
    if _setting_up.get():
        return
    withdrawal = _withdrawal.get()
    if withdrawal is None:
        record(
            "awareness.page_unpublished",
            actor=None,
            target_type="page",
            target_id=instance.pk,
            details=_page_details(instance),
        )
        return
    record(
        "awareness.page_withdrawn",
        actor=withdrawal["actor"],
        target_type="page",
        target_id=instance.pk,
        details={**_page_details(instance), "reason": withdrawal["reason"]},
    )


RECEIVERS = {
    "workflow_submitted": _workflow("awareness.page_submitted"),
    "workflow_approved": _workflow("awareness.page_approved"),
    "workflow_rejected": _workflow("awareness.page_changes_requested"),
    "workflow_cancelled": _workflow("awareness.page_submission_cancelled"),
    "page_published": _published,
    "page_unpublished": _unpublished,
}


def connect() -> None:
    from wagtail import signals

    for name, receiver in RECEIVERS.items():
        getattr(signals, name).connect(receiver, dispatch_uid=f"{_UID}.{name}", weak=False)
