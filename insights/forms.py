"""The dashboards' filters: a period (at most three years) and optional dimensions."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from insights.figures import Filters
from intake.models import Campaign, Category

DEFAULT_DAYS = 182
MAX_DAYS = 3 * 366


class FigureFilterForm(forms.Form):
    first = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.CharField(label=_("Channel"), required=False, max_length=60)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.all(), empty_label=_("All")
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Region.objects.filter(parent__isnull=True),
        empty_label=_("All"),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), required=False, queryset=Campaign.objects.all(), empty_label=_("All")
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        last = data.get("last") or today
        first = data.get("first") or last - timedelta(days=DEFAULT_DAYS)
        if first > last:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        if (last - first).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        data["first"], data["last"] = first, last
        return data

    def filters(self, unit_ids) -> Filters:
        data = self.cleaned_data
        return Filters(
            first=data["first"],
            last=data["last"],
            unit_ids=unit_ids,
            channel=data.get("channel") or "",
            category_id=data["category"].pk if data.get("category") else None,
            province=data["province"].pk if data.get("province") else "",
            campaign_id=data["campaign"].pk if data.get("campaign") else None,
        )
