"""Finding a report or case for a user: no role → 403, not theirs or not there → 404.

The role is checked first, so what a 403 reveals is only "you may not do this", never whether a
thing exists; everything outside the user's units looks exactly like nothing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from cases.models import Case, IdentityRequest
from intake.models import Attachment, Report


def report_for(user, handle, *, roles=permissions.CONTENT_ROLES) -> Report:
    """`handle`: the report's id or its reference (core.references), as typed."""
    permissions.require(user, roles)
    report = (
        Report.objects.visible_to(user)
        .select_related("category", "region", "unit")
        .by_handle(handle)
        .first()
    )
    if report is None:
        raise Http404
    return report


def case_for(user, number: str) -> Case:
    permissions.require(user, permissions.CASE_ROLES)
    case = Case.objects.visible_to(user).select_related("unit").filter(number=number).first()
    if case is None:
        raise Http404
    return case


def attachment_for(user, attachment_id) -> Attachment:
    permissions.require(user, permissions.CONTENT_ROLES)
    attachment = (
        Attachment.objects.filter(pk=attachment_id, report__in=Report.objects.visible_to(user))
        .select_related("report")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def identity_request_for_custodian(user, request_id) -> IdentityRequest:
    if not permissions.is_custodian(user):
        raise PermissionDenied
    found = IdentityRequest.objects.visible_to(user).filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found
