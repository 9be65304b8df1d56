from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import RegionField, category_filter
from intake.models import CHANNEL_LABELS, ReportStatus


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, label=_("Words to search for"))
    category = category_filter()
    region = RegionField(empty_label=_("Any region"), label=_("Region"))
    channel = forms.ChoiceField(
        choices=[("", _("Any channel")), *CHANNEL_LABELS.items()],
        required=False,
        label=_("Channel"),
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *ReportStatus.choices], required=False, label=_("Status")
    )
    date_from = forms.DateField(
        required=False,
        label=_("Received from"),
        help_text=_("Format: YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        required=False,
        label=_("Received until"),
        help_text=_("Format: YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].load()
