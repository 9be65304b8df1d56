"""Two-person publishing: what one person wrote, another approves, and only then is it public.

Wagtail's stock group approval lets a member of the group approve their own submission. Ours
refuses the approval to anyone who submitted the page or wrote any revision since it was last
published, in three places: the actions offered (no "Approve" button), the action itself (a
forged POST), and the publishing step the workflow ends with (settings
WAGTAIL_FINISH_WORKFLOW_ACTION, awareness/finish.py). Nobody holds Wagtail's "publish" permission
(awareness/groups.py), so the workflow is the only way a page goes live.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Revision


def authors(page, state=None) -> set[int]:
    """Users who wrote what would be published: the submitter of the workflow, and the author
    of every revision saved since the page's live revision (all of them if it never was)."""
    state = state or page.current_workflow_state
    found = {state.requested_by_id} if state is not None and state.requested_by_id else set()
    revisions = Revision.objects.filter(
        base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk)
    )
    if page.live_revision_id:
        live = Revision.objects.filter(pk=page.live_revision_id).values("created_at").first()
        if live:
            revisions = revisions.filter(created_at__gt=live["created_at"])
    found |= {uid for uid in revisions.values_list("user_id", flat=True) if uid is not None}
    return found


def is_author(page, user, state=None) -> bool:
    return user.pk in authors(page, state)


class TwoPersonApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not one of the page's authors."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if is_author(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        state = task_state.workflow_state
        if action_name == "approve" and is_author(state.content_object, user, state):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("A member of the chosen groups who did not write the page approves it.")

    class Meta:
        verbose_name = _("two-person approval")
        verbose_name_plural = _("two-person approvals")
