"""The reward policy is set by administrators in the Django admin: tiers only. Awards, shares,
approvals and the ledger are read-only here; they change through the console's actions."""

from django.contrib import admin

from rewards.models import Tier


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "kind", "min_amount", "max_amount", "currency", "active")
    list_editable = ("active",)
    ordering = ("position", "id")
