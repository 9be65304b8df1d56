"""Writes about staff accounts; each records its audit event in the same transaction."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import otp, permissions
from accounts.models import ApiToken, EnrolmentToken, StaffRole, Unit, User, hash_secret
from audit.actions import record

ENROLMENT_VALID_FOR = timedelta(hours=72)
API_TOKEN_MAX_DAYS = 365


class EnrolmentInvalid(Exception):
    """The link is unknown, used or expired — all look the same to the visitor."""


def do_create_staff(
    username: str, *, unit: Unit, roles: list[str], email: str = "", actor=None
) -> tuple[User, str]:
    """A new staff user with no usable password, and the secret of their enrolment link."""
    with transaction.atomic():
        user = _new_user(User(username=username, email=email, unit=unit), roles)
        _record_new_user("accounts.staff_created", user, roles, actor=actor)
        secret = do_issue_enrolment(user, actor=actor)
    return user, secret


def _new_user(user: User, roles: list[str]) -> User:
    """Saved with no usable password (staff set one on enrolment; systems never have one)."""
    user.set_unusable_password()
    user.save()
    StaffRole.objects.bulk_create(StaffRole(user=user, role=role) for role in sorted(roles))
    return user


def _record_new_user(action: str, user: User, roles: list[str], *, actor) -> None:
    details = {"username": user.get_username(), "unit": user.unit_id, "roles": sorted(roles)}
    record(action, actor=actor, target_type="user", target_id=user.pk, details=details)


def do_issue_enrolment(user: User, *, actor=None) -> str:
    """A fresh one-time enrolment link secret; earlier unused links of the user stop working."""
    if user.is_service_account:
        raise PermissionDenied  # a system never gets a password or a second factor
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        EnrolmentToken.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        EnrolmentToken.objects.create(
            user=user, token_hash=hash_secret(secret), expires_at=now + ENROLMENT_VALID_FOR
        )
        record("accounts.enrolment_issued", actor=actor, target_type="user", target_id=user.pk)
    return secret


def enrolment_for(secret: str) -> EnrolmentToken:
    token = (
        EnrolmentToken.objects.usable()
        .select_related("user")
        .filter(token_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    if token is None:
        raise EnrolmentInvalid
    return token


def do_complete_enrolment(secret: str, *, password: str, code: str) -> User | None:
    """Set the password and confirm the pending TOTP device if the code proves it works (else None).

    The user's previous devices go: enrolling again is how a lost phone is replaced.
    """
    with transaction.atomic():
        token = enrolment_for(secret)
        token = EnrolmentToken.objects.select_for_update().get(pk=token.pk)
        if token.used_at is not None:
            raise EnrolmentInvalid
        user = token.user
        device = otp.pending_device(user)
        if not otp.verify(device, code):
            return None
        type(device).objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.name = "TOTP"
        device.save(update_fields=["confirmed", "name"])
        user.set_password(password)
        user.save(update_fields=["password"])
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        record("auth.enrolled", actor=user, target_type="user", target_id=user.pk)
    return user


def do_create_service_account(username: str, *, unit: Unit, roles: list[str], actor) -> User:
    """A token-only user for an agency system: no password, no second factor, no enrolment link,
    and only roles a system may hold (permissions.SERVICE_ACCOUNT_ROLES)."""
    if not set(roles) <= permissions.SERVICE_ACCOUNT_ROLES:
        raise PermissionDenied
    if not isinstance(actor, str) and not (
        permissions.can_manage_api_tokens(actor) and permissions.sees_unit(actor, unit.pk)
    ):
        raise PermissionDenied
    with transaction.atomic():
        user = _new_user(User(username=username, unit=unit, is_service_account=True), roles)
        _record_new_user("accounts.service_account_created", user, roles, actor=actor)
    return user


def do_issue_api_token(user: User, *, name: str, days: int, actor) -> tuple[ApiToken, str]:
    """A new token for `user`; the secret is returned once, to `actor`, and stored only hashed.

    `actor` is the user themselves, or an administrator of a service account's unit; a label
    ("system") is for management commands and tests, which run with the database's own rights.
    """
    if not isinstance(actor, str) and not permissions.can_issue_token_for(actor, user):
        raise PermissionDenied
    days = max(1, min(days, API_TOKEN_MAX_DAYS))
    secret = "tl_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            issued_by=None if isinstance(actor, str) else actor,
            name=name,
            token_hash=hash_secret(secret),
            prefix=secret[:8],
            expires_at=timezone.now() + timedelta(days=days),
        )
        record(
            "accounts.api_token_issued",
            actor=actor,
            target_type="api_token",
            target_id=token.pk,
            details={"user": user.get_username(), "name": name, "days": days},
        )
    return token, secret


def do_revoke_api_token(token: ApiToken, *, actor) -> None:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            record(
                "accounts.api_token_revoked",
                actor=actor,
                target_type="api_token",
                target_id=token.pk,
                details={"user": token.user.get_username(), "name": token.name},
            )
