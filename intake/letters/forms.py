"""The fixed parts of the letters-and-visits form; the questionnaire comes from intake.forms."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.forms import ReporterForm
from intake.models import Category

CHANNELS = {"letter": _("Letter (by post)"), "visit": _("Visit (in person)")}
# What the reporter speaks; the slip is printed in it, whatever the officer's screen language.
REPORT_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
EARLIEST_RECEIVED = datetime.date(2000, 1, 1)


class StartForm(forms.Form):
    """Step one: how the report came in and which questionnaire fits it."""

    channel = forms.ChoiceField(
        label=_("How did the report arrive?"),
        choices=list(CHANNELS.items()),
        widget=forms.RadioSelect,
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.active(),
        to_field_name="slug",
        empty_label=_("Choose…"),
    )


class ReceivedForm(forms.Form):
    """When it came, in which language, and whether the reporter wants a receipt."""

    anchor = "received-section"  # the receipt question is a radio group

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=REPORT_LANGUAGES,
        help_text=_("The receipt slip is printed in this language."),
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Format: YYYY-MM-DD"),
    )
    receipt = forms.ChoiceField(
        label=_("Does the reporter want a receipt?"),
        choices=[
            ("yes", _("Yes: print a receipt slip to give or send them")),
            ("no", _("No: they did not want one (they cannot follow up)")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "received")
        kwargs.setdefault("initial", {"language": "zh-hans", "received_on": today()})
        super().__init__(*args, **kwargs)

    def clean_received_on(self) -> datetime.date:
        value = self.cleaned_data["received_on"]
        if value > today():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        if value < EARLIEST_RECEIVED:
            raise forms.ValidationError(_("Check the year of the date received."))
        return value

    @property
    def receipt_wanted(self) -> bool:
        return self.cleaned_data["receipt"] == "yes"


class LetterReporterForm(ReporterForm):
    """The public form's identity fields, worded for the officer typing them in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf"].label = _("The reporter writes on behalf of an organisation")
        self.fields["other"].label = _("Other ways to reach the reporter")


def today() -> datetime.date:
    return timezone.localdate()
