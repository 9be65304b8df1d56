"""Django admin for cases configuration: routing rules (and read-only retention counts).

Cases, notes, identity requests and escalations are never registered: the admin must not show
report content or who reported, and case work goes through the console's audited actions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import AuditedAdminMixin
from cases.models import RetentionStat, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdminMixin):
    list_display = ("category", "region", "unit", "position", "active")
    list_filter = ("active", "category", "unit")
    list_select_related = ("category", "region", "unit")
    autocomplete_fields = ("region", "unit")
    ordering = ("position", "id")
    fieldsets = (
        (
            None,
            {
                "fields": ("category", "region", "unit", "position", "active"),
                "description": _(
                    "A rule needs a category, a region or both. The most specific matching rule "
                    "wins: category and region, then region alone, then category alone; a rule "
                    "for a province also catches its cities. A report no rule catches goes to "
                    "the unit bound to its region, else to the national headquarters."
                ),
            },
        ),
    )


@admin.register(RetentionStat)
class RetentionStatAdmin(admin.ModelAdmin):
    """Counts of purged reports; written only by the retention task."""

    list_display = ("month", "category", "outcome", "count")
    list_filter = ("outcome", "category")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
