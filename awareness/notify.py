"""Wagtail's moderation e-mails, sent to the right people and nobody else.

- A page submitted for approval: the publishers who could approve it, that is members of the
  task's groups who hold the publisher role now and wrote none of it (awareness/workflow.py).
  The author is never asked to approve their own page.
- A page approved or sent back for changes: the people who wrote it (the one who submitted it
  and the author of the revision under review), never the publisher who decided.

Each recipient reads it in the language of their Wagtail profile (recorded from the language
they use the CMS in, awareness/hosts.py). Links point at the CMS host (WAGTAILADMIN_BASE_URL).
The mails name a page, a task and staff: pages are public education, never reports, so nothing
about a reporter can be in them. They are sent once the step has committed.

Wagtail connects its own notifiers in its AppConfig.ready, which runs after ours (awareness
comes first in INSTALLED_APPS): ours take the same signal, sender and dispatch_uid, and Django
then ignores Wagtail's connection.
"""

from django.db import transaction
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)

from accounts import permissions
from awareness.workflow import authors


class _AfterCommit:
    def __call__(self, instance=None, **kwargs):
        transaction.on_commit(lambda: super(_AfterCommit, self).__call__(instance, **kwargs))


class SubmittedToPublishers(_AfterCommit, GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state, **kwargs):
        state = task_state.workflow_state
        wrote = authors(state.content_object, state)
        return {
            user
            for user in super().get_recipient_users(task_state, **kwargs)
            if user.pk not in wrote and permissions.can_publish_content(user)
        }


def _writers(workflow_state, decided_by) -> set:
    """Who wrote what the workflow decided on: its submitter, and the author of every revision
    saved up to the one reviewed since the page was last published before the submission."""
    from django.contrib.auth import get_user_model
    from wagtail.models import PageLogEntry, Revision

    page = workflow_state.content_object
    found = {workflow_state.requested_by_id}
    task_state = workflow_state.current_task_state
    if task_state is not None and task_state.revision is not None:
        revisions = Revision.objects.filter(
            base_content_type_id=page.get_base_content_type().pk,
            object_id=str(page.pk),
            created_at__lte=task_state.revision.created_at,
        )
        published = (
            PageLogEntry.objects.filter(
                page_id=page.pk, action="wagtail.publish", timestamp__lt=workflow_state.created_at
            )
            .order_by("-timestamp")
            .values_list("timestamp", flat=True)
            .first()
        )
        if published is not None:
            revisions = revisions.filter(created_at__gt=published)
        found |= set(revisions.values_list("user_id", flat=True))
    found -= {None, getattr(decided_by, "pk", None)}
    return set(get_user_model().objects.filter(pk__in=found))


class ApprovedToAuthors(_AfterCommit, WorkflowStateApprovalEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        return _writers(workflow_state, kwargs.get("user"))


class RejectedToAuthors(_AfterCommit, WorkflowStateRejectionEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        return _writers(workflow_state, kwargs.get("user"))


def connect() -> None:
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

    # Wagtail's own dispatch_uids (wagtail/admin/signal_handlers.py), so that theirs are ignored.
    for signal, notifier, sender, uid in [
        (
            task_submitted,
            SubmittedToPublishers(),
            TaskState,
            "group_approval_task_submitted_email_notification",
        ),
        (
            workflow_approved,
            ApprovedToAuthors(),
            WorkflowState,
            "workflow_state_approved_email_notification",
        ),
        (
            workflow_rejected,
            RejectedToAuthors(),
            WorkflowState,
            "workflow_state_rejected_email_notification",
        ),
    ]:
        signal.connect(notifier, sender=sender, dispatch_uid=uid, weak=False)
