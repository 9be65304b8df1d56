"""Finding an award or share for a staff user: no reward role → 403, not theirs → 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from cases.models import Case
from rewards.models import Award, Share


def award_for(user, award_id) -> Award:
    if not permissions.can_work_rewards(user):
        raise PermissionDenied
    award = (
        Award.objects.visible_to(user)
        .select_related("tier", "case", "unit", "proposed_by")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise Http404
    return award


def share_for(user, share_id) -> Share:
    if not permissions.can_work_rewards(user):
        raise PermissionDenied
    share = (
        Share.objects.filter(pk=share_id, award__in=Award.objects.visible_to(user))
        .select_related("award")
        .first()
    )
    if share is None:
        raise Http404
    return share


def case_to_propose_on(user, number: str) -> Case:
    if not permissions.can_propose_awards(user):
        raise PermissionDenied
    case = Case.objects.visible_to(user).filter(number=number).first()
    if case is None:
        raise Http404
    return case
