"""The end of an approved workflow (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Its own module, free of model imports: Wagtail imports it while its own models are loading."""

from django.core.exceptions import PermissionDenied


def publish_approved(workflow_state, user=None):
    """The end of an approved workflow: publish the latest revision (or schedule it, if it has a
    go-live time), on the approver's authority, never an author's."""
    from awareness.workflow import is_author

    page = workflow_state.content_object
    if user is None or is_author(page, user, workflow_state):
        raise PermissionDenied
    # The approver holds no "publish" permission: the approval is the permission.
    page.get_latest_revision().publish(user=user, skip_permission_checks=True)
