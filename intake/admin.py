"""Django admin for intake configuration: report categories and their questionnaires, and the
partners of the partner API with their keys (issued and revoked through audited actions), and
the partners' campaigns with their posters (intake/partners/admin.py).

Deliberately nothing else: reports, messages, attachments and reporter identities are never
registered here, so the admin can neither show report content nor who reported.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import sudo
from accounts.admin import AuditedAdminMixin
from intake.actions.partners import do_issue_partner_key, do_revoke_partner_key
from intake.models import Category, Field, FieldType, Partner, PartnerKey
from intake.partners.admin import CampaignAdmin as CampaignAdmin  # registers campaigns
from intake.questionnaire import CATALOG_TTL, RESERVED_KEYS, catalog

CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE})


def _refresh_note() -> str:
    return gettext(
        "Saved changes apply at once on this server process and within %(seconds)d seconds on "
        "every other one."
    ) % {"seconds": int(CATALOG_TTL)}


REFRESH_NOTE = lazy(_refresh_note, str)()


CATEGORY_MAIN_FIELDS = (
    "slug",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "position",
    "active",
)


class FieldForm(forms.ModelForm):
    class Meta:
        model = Field
        fields = (
            "position",
            "key",
            "type",
            "required",
            "label_zh",
            "label_en",
            "help_zh",
            "help_en",
            "choices_text",
        )
        widgets = {"choices_text": forms.Textarea(attrs={"rows": 3, "cols": 40})}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("type")
        choices = Field(choices_text=cleaned.get("choices_text") or "").parsed_choices()
        if kind in CHOICE_TYPES and not choices:
            self.add_error(
                "choices_text",
                _(
                    "A choice question needs at least one choice, one per line: "
                    "value | 中文 | English."
                ),
            )
        elif kind and kind not in CHOICE_TYPES and choices:
            self.add_error(
                "choices_text", _("Only choice questions have choices; leave this empty.")
            )
        values = [value for value, _zh, _en in choices]
        if len(values) != len(set(values)):
            self.add_error("choices_text", _("Each choice needs its own value."))
        if cleaned.get("key") in RESERVED_KEYS:
            self.add_error("key", _("This key is reserved for what staff add; choose another."))
        return cleaned


class FieldInline(admin.TabularInline):
    model = Field
    form = FieldForm
    extra = 0
    ordering = ("position", "id")


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin):
    list_display = ("slug", "name_zh", "name_en", "active", "position")
    list_editable = ("active", "position")
    list_filter = ("active",)
    search_fields = ("slug", "name_zh", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (FieldInline,)

    def get_fieldsets(self, request, obj=None):
        # Settings other apps add to Category (deadlines, handling) follow in their own section.
        fields = list(self.get_fields(request, obj))
        main = [name for name in CATEGORY_MAIN_FIELDS if name in fields]
        more = [name for name in fields if name not in main]
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": main, "description": REFRESH_NOTE})
        ]
        if more:
            fieldsets.append((_("Handling"), {"fields": more}))
        return fieldsets

    def get_actions(self, request):
        # Bulk delete would bypass the per-category check below.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        # A category that reports point to is deactivated, not deleted: deleting is refused by
        # the database anyway, and the confirmation page would list those reports.
        if obj is not None and obj.reports.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Called for every save, also when only the questions (inlines) or list_editable changed.
        super().save_model(request, obj, form, change)
        _invalidate_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _invalidate_after_commit()


def _invalidate_after_commit() -> None:
    # After commit, when the inline questions are saved too; earlier, a request on this process
    # could reload the catalog before the change is visible and keep it for CATALOG_TTL seconds.
    transaction.on_commit(catalog.invalidate)


class PartnerKeyInline(admin.TabularInline):
    """Keys are listed, never edited here: issue them with the action, revoke them on the keys
    page. Only the prefix is kept in the clear, to tell keys apart."""

    model = PartnerKey
    extra = 0
    can_delete = False
    fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(AuditedAdminMixin):
    list_display = ("slug", "name", "active", "requests_per_minute", "created_at")
    list_filter = ("active",)
    search_fields = ("slug", "name")
    fields = ("slug", "name", "active", "requests_per_minute")
    inlines = (PartnerKeyInline,)
    actions = ("issue_key",)

    def get_readonly_fields(self, request, obj=None):
        # The slug is in every report's channel label ("partner:<slug>"): it never changes.
        return ("slug",) if obj is not None else ()

    def get_actions(self, request):
        # Deleting a partner would delete its keys' history; deactivate it instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Issue a new API key (shown once)"))
    def issue_key(self, request, queryset):
        if not sudo.is_fresh(request):  # a key lets a system file reports: a sudo act
            self.message_user(
                request, gettext("Enter a fresh code, then issue the key again."), messages.INFO
            )
            return redirect(f"{reverse('accounts:sudo')}?{urlencode({'next': request.path})}")
        issued = [
            (partner, do_issue_partner_key(partner, actor=request.user)[1])
            for partner in queryset.order_by("slug")
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("New partner API keys"),
            "issued": issued,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/intake/partner/key_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "partner", "created_at", "last_used_at", "revoked_at")
    list_filter = ("partner", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("partner",)
    readonly_fields = ("partner", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the list and the revoke action only

    def has_delete_permission(self, request, obj=None):
        return False  # revoked keys stay, so the audit trail's key ids keep meaning something

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Revoke the selected keys now"))
    def revoke(self, request, queryset):
        revoked = sum(
            do_revoke_partner_key(key, actor=request.user)
            for key in queryset.select_related("partner")
        )
        message = ngettext("%(n)d key revoked.", "%(n)d keys revoked.", revoked) % {"n": revoked}
        self.message_user(request, message, messages.SUCCESS)
