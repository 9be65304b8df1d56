"""Finding an award or share for a staff user: no reward role → 403, not theirs → 404."""

from accounts import permissions
from cases.access import first_or_404
from cases.models import Case
from rewards.models import Award, Share


def award_for(user, award_id) -> Award:
    return first_or_404(
        Award.objects.visible_to(user)
        .select_related("tier", "case", "unit", "proposed_by")
        .filter(pk=award_id),
        allowed=permissions.can_work_rewards(user),
    )


def share_for(user, share_id) -> Share:
    return first_or_404(
        Share.objects.filter(pk=share_id, award__in=Award.objects.visible_to(user)).select_related(
            "award"
        ),
        allowed=permissions.can_work_rewards(user),
    )


def case_to_propose_on(user, number: str) -> Case:
    return first_or_404(
        Case.objects.visible_to(user).filter(number=number),
        allowed=permissions.can_propose_awards(user),
    )
