"""Hint rules are configured by administrators in the Django admin; every change is audited
(AuditedAdminMixin) and the rules are listed for auditors at /staff/hint-rules/."""

from django.contrib import admin

from accounts.admin import AuditedAdminMixin
from cases.similarity.models import HintRule


@admin.register(HintRule)
class HintRuleAdmin(AuditedAdminMixin):
    list_display = ("name", "category", "priority", "active")
    list_filter = ("active", "category", "priority")
    fields = (
        "category",
        "name",
        "terms_zh",
        "terms_en",
        "pattern",
        "priority",
        "reason_zh",
        "reason_en",
        "active",
    )
