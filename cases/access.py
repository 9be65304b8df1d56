"""Finding a report or case for a user: no role → 403, not theirs or not there → 404.

The role is checked first, so what a 403 reveals is only "you may not do this", never whether a
thing exists; everything outside the user's units looks exactly like nothing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from cases.models import Case
from intake.models import Attachment, Report


def first_or_404(queryset, *, allowed: bool = True):
    """The one row a staff lookup found: 403 without the role (checked first, so a 403 says
    nothing about existence), 404 when the user's scope holds no such row."""
    if not allowed:
        raise PermissionDenied
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def report_for(user, handle, *, roles=permissions.CONTENT_ROLES) -> Report:
    """`handle`: the report's id or its reference (core.references), as typed."""
    permissions.require(user, roles)
    return first_or_404(
        Report.objects.visible_to(user)
        .select_related("category", "region", "unit")
        .by_handle(handle)
    )


def case_for(user, number: str) -> Case:
    permissions.require(user, permissions.CASE_ROLES)
    return first_or_404(Case.objects.visible_to(user).select_related("unit").filter(number=number))


def attachment_for(user, attachment_id) -> Attachment:
    permissions.require(user, permissions.CONTENT_ROLES)
    return first_or_404(
        Attachment.objects.filter(
            pk=attachment_id, report__in=Report.objects.visible_to(user)
        ).select_related("report")
    )
