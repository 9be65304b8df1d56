"""Django admin for configuration: staff users and the region hierarchy.

The admin is reached only through the staff login (password and second factor), never its own
password-only form. Every admin change also goes to the hash-chained audit trail (inside the
admin's own transaction where Django has one): configuration changes are staff decisions too.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from accounts.decorators import is_staff_verified
from accounts.models import ApiToken, Region, StaffRole, Unit, User
from audit.actions import record


def _admin_has_permission(request) -> bool:
    return is_staff_verified(request.user) and request.user.is_staff


def _admin_login(request, extra_context=None):
    """Send people to the staff login; a verified user without admin rights gets a plain 403
    (redirecting them would loop between the two logins)."""
    if is_staff_verified(request.user):
        raise PermissionDenied
    query = urlencode({"next": request.GET.get("next", "/admin/")})
    return redirect(f"{settings.LOGIN_URL}?{query}")


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]


class AuditedAdminMixin(admin.ModelAdmin):
    """Record admin additions, changes and deletions as audit events.

    Only field names reach the trail (Django's change message), never values, so a password or a
    label edit leaves no copy of its content behind.
    """

    def _audit(self, request, obj, verb: str, message="") -> None:
        record(
            f"admin.{obj._meta.model_name}.{verb}",
            actor=request.user,
            target_type=obj._meta.label_lower,
            target_id=obj.pk,
            details={"change": message} if message else None,
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete")
        return super().log_deletions(request, queryset)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


def _role_changes(formset) -> list[tuple[str, str]]:
    """(action, role) for every role the saved inline forms took away or gave."""
    changes = []
    for form in formset.initial_forms + formset.extra_forms:
        if not form.has_changed():
            continue
        before = form.initial.get("role")
        deleted = formset.can_delete and form.cleaned_data.get("DELETE")
        after = None if deleted else form.cleaned_data.get("role")
        if before and before != after:
            changes.append(("accounts.role_revoked", before))
        if after and after != before:
            changes.append(("accounts.role_granted", after))
    return changes


def _audit_role_grants(request, formset) -> None:
    """A role is a grant of access: each one given or taken is its own event, naming the user and
    the role (the change message alone says only that "staff roles" changed)."""
    user = formset.instance
    for action, role in _role_changes(formset):
        record(
            action,
            actor=request.user,
            target_type="user",
            target_id=user.pk,
            details={"username": user.get_username(), "role": role},
        )


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    inlines = (StaffRoleInline,)
    list_display = (
        "username",
        "first_name",
        "last_name",
        "unit",
        "is_active",
        "is_staff",
        "is_service_account",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "is_service_account", "unit")
    list_select_related = ("unit",)
    # Service accounts are made on /staff/tokens/; the flag never changes afterwards.
    readonly_fields = ("is_service_account",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Agency"), {"fields": ("unit", "is_service_account")}),
    )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is StaffRole:
            _audit_role_grants(request, formset)


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin):
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name_zh", "name_en")
    autocomplete_fields = ("parent",)
    ordering = ("code",)
    fieldsets = (
        (
            None,
            {
                "fields": ("code", "parent", "name_zh", "name_en", "level"),
                "description": _(
                    "Codes follow GB/T 2260. Report forms on every server process pick up "
                    "new or renamed regions within 30 seconds."
                ),
            },
        ),
    )


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin):
    list_display = ("name_zh", "name_en", "parent")
    list_select_related = ("parent",)
    search_fields = ("name_zh", "name_en")
    autocomplete_fields = ("parent", "regions")
    ordering = ("path",)

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would have to rewrite the stored path of every unit below it; until an
        # action does that, a unit keeps the parent it was created under.
        return ("parent",) if obj is not None else ()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are issued and revoked on /staff/tokens/, which shows a secret once and
    asks for a fresh second factor."""

    list_display = (
        "prefix",
        "name",
        "user",
        "issued_by",
        "created_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    list_select_related = ("user", "issued_by")
    search_fields = ("prefix", "name", "user__username")
    exclude = ("token_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
