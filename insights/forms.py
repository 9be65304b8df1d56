"""The dashboards' filters: a period (at most three years) and optional dimensions."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from insights.figures import Filters
from intake.choices import CHANNEL_LABELS, channel_label
from intake.models import Campaign, Category
from intake.partners.models import Partner

DEFAULT_DAYS = 182
MAX_DAYS = 3 * 366
# Outside these a date is a slip or a probe: week arithmetic near year 9999 overflows.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def channels() -> list[tuple[str, str]]:
    """Every channel a report can come through: the site's own, then one per partner."""
    partners = [f"partner:{slug}" for slug in Partner.objects.values_list("slug", flat=True)]
    return [
        ("", _("All")),
        *((key, label) for key, label in CHANNEL_LABELS.items()),
        *((key, channel_label(key)) for key in sorted(partners)),
    ]


class FigureFilterForm(forms.Form):
    first = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=lambda: channels())
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
        if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST):
            raise forms.ValidationError(_("Choose dates between 2000 and 2099."))
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
