"""Every rule about who may do what. Views, API handlers and actions ask here; nowhere else
inspects roles. Scoping returns querysets; a thing outside a user's scope is reported by callers
as 404, exactly like a thing that does not exist."""

from django.core.exceptions import PermissionDenied

from accounts.models import Role, Unit

# Roles that may read report content (answers, messages, sanitised attachments).
CONTENT_ROLES = frozenset({Role.INTAKE_OFFICER, Role.ANALYST, Role.SUPERVISOR})
TRIAGE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.ANALYST, Role.SUPERVISOR})
CASE_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR})
CALL_ROLES = frozenset({Role.CALL_TAKER, Role.INTAKE_OFFICER})
# Entering reports received by post or in person (channels "letter" and "visit").
LETTER_ROLES = frozenset({Role.INTAKE_OFFICER})
# What an agency system may be given: never a person's duties of administering staff or deciding
# who may learn a reporter's identity.
SERVICE_ACCOUNT_ROLES = frozenset(Role) - {Role.ADMIN, Role.CUSTODIAN}


def roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_service_account:  # whatever was granted in the admin
        return user.role_set() & SERVICE_ACCOUNT_ROLES
    return user.role_set()


def has_any(user, allowed: frozenset[str] | set[str]) -> bool:
    return bool(roles(user) & allowed)


def require(user, allowed: frozenset[str] | set[str]) -> None:
    """403 for a logged-in user lacking every allowed role."""
    if not has_any(user, allowed):
        raise PermissionDenied


def can_read_content(user) -> bool:
    return has_any(user, CONTENT_ROLES)


def can_triage(user) -> bool:
    return has_any(user, TRIAGE_ROLES)


def can_work_cases(user) -> bool:
    return has_any(user, CASE_ROLES)


def can_take_calls(user) -> bool:
    """The hotline console: taking reports by telephone and relaying follow-up calls."""
    return has_any(user, CALL_ROLES)


def can_enter_letters(user) -> bool:
    return has_any(user, LETTER_ROLES)


def can_supervise(user) -> bool:
    return has_any(user, {Role.SUPERVISOR})


def is_custodian(user) -> bool:
    return has_any(user, {Role.CUSTODIAN})


def is_auditor(user) -> bool:
    return has_any(user, {Role.AUDITOR, Role.ADMIN})


def is_admin(user) -> bool:
    return has_any(user, {Role.ADMIN})


def visible_units(user):
    """Units whose work this user may see: their unit and all below it (HQ sees all)."""
    if user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.subtree_of(user.unit)


def sees_unit(user, unit_id: int | None) -> bool:
    if unit_id is None or user.unit_id is None:
        return False
    return visible_units(user).filter(pk=unit_id).exists()


def can_see_overdue(user) -> bool:
    return has_any(user, TRIAGE_ROLES | CASE_ROLES)


def can_hold_api_token(user) -> bool:
    """Staff issue their own tokens, which act with exactly the roles they hold themselves."""
    return bool(roles(user)) and not user.is_service_account


def can_manage_api_tokens(user) -> bool:
    """List and revoke every token in one's units, and run the units' service accounts."""
    return is_admin(user)


def can_issue_token_for(actor, user) -> bool:
    """A token's secret is seen by whoever issues it: a person's only by that person; a service
    account's by an administrator of its unit, who is then named on all it does."""
    if user.pk == actor.pk:
        return can_hold_api_token(actor)
    return (
        user.is_service_account
        and user.is_active
        and can_manage_api_tokens(actor)
        and sees_unit(actor, user.unit_id)
    )


def can_read_audit(user) -> bool:
    """The audit trail holds no report content, so auditors read all of it, whatever their unit."""
    return is_auditor(user)


# Rewards: analysts propose, reward officers approve, finance officers pay. The three must be
# different people for one award; rewards.duties checks that, these only say who holds the role.
REWARD_PROPOSER_ROLES = frozenset({Role.ANALYST})
REWARD_STATS_ROLES = frozenset({Role.REWARD_OFFICER, Role.AUDITOR})


def can_propose_awards(user) -> bool:
    return has_any(user, REWARD_PROPOSER_ROLES)


def is_reward_officer(user) -> bool:
    return has_any(user, {Role.REWARD_OFFICER})


def is_hq_reward_officer(user) -> bool:
    """Headquarters' second approval of the higher tiers: a reward officer of the national unit."""
    return is_reward_officer(user) and user.unit is not None and user.unit.is_national


def is_finance_officer(user) -> bool:
    return has_any(user, {Role.FINANCE_OFFICER})


def can_work_rewards(user) -> bool:
    return has_any(user, REWARD_PROPOSER_ROLES | {Role.REWARD_OFFICER, Role.FINANCE_OFFICER})


def can_read_reward_stats(user) -> bool:
    return has_any(user, REWARD_STATS_ROLES)


# Public education content (awareness/, Wagtail). Editors write pages and submit them; publishers
# approve what someone else wrote, which publishes it. Nobody publishes directly, and the approver
# is never an author (awareness/workflow.py). These map onto Wagtail's groups in code
# (awareness/groups.py): nobody edits those groups by hand.
CONTENT_EDITOR_ROLES = frozenset({Role.EDITOR, Role.PUBLISHER})


def can_edit_content(user) -> bool:
    """May use the CMS: write pages and submit them for approval. Never a service account, and
    never a superuser, whom Wagtail would let publish directly, past the two-person workflow."""
    return (
        has_any(user, CONTENT_EDITOR_ROLES)
        and not user.is_service_account
        and not user.is_superuser
    )


def can_publish_content(user) -> bool:
    """May approve (and so publish) pages that others wrote."""
    return can_edit_content(user) and has_any(user, {Role.PUBLISHER})


def supervisors_of(unit):
    """Who hears about a unit's missed deadlines: its supervisors, else the nearest above's."""
    from accounts.models import User

    while unit is not None:
        found = list(
            User.objects.filter(
                unit=unit,
                is_active=True,
                is_service_account=False,  # a system given the role reads no mail
                staff_roles__role=Role.SUPERVISOR,
            ).distinct()
        )
        if found:
            return found
        unit = unit.parent
    return []


# Oversight figures (counts only, never content), scoped to the user's units like everything else:
# supervisors and analysts for their own units, auditors (usually at headquarters) for oversight.
INSIGHT_ROLES = frozenset({Role.SUPERVISOR, Role.ANALYST, Role.AUDITOR})


def can_read_insights(user) -> bool:
    return has_any(user, INSIGHT_ROLES)


def units_seen_by(user) -> list[int] | None:
    """The unit ids whose reports (and figures) a user sees; None means every unit and the
    unrouted reports (headquarters, as with `visible_to`)."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return []
    if unit.is_national:
        return None
    return list(Unit.objects.subtree_of(unit).values_list("id", flat=True))
