"""Forms of the hotline console. The questionnaire itself is read as the public site reads it
(intake.forms) and checked by intake.submission, the same rules as every channel."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intake.forms import ReporterForm
from intake.hotline.call import region_from_text
from intake.limits import CALL_REFERENCE_MAX, LONG_TEXT_MAX, MESSAGE_MAX
from intake.submission import LANGUAGES


class CallForm(forms.Form):
    """What the call-taker records about the call besides the answers."""

    call_reference = forms.CharField(
        label=_("Call reference"),
        help_text=_("From the telephony system, to find the call later."),
        required=False,
        max_length=CALL_REFERENCE_MAX,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the call"),
        choices=[(code, name) for code, name in settings.LANGUAGES if code in LANGUAGES],
    )
    region = forms.CharField(
        label=_("Which region does this concern?"),
        help_text=_("Type a code or a name and pick from the list. Leave empty if not known."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "region-list", "autocomplete": "off"}),
    )
    notes = forms.CharField(
        label=_("Call notes"),
        help_text=_("Anything the caller said that the questions do not cover. Read back too."),
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.regions = regions
        for name in ("call_reference", "region", "notes"):
            self.fields[name].widget.attrs["id"] = name

    def clean_region(self) -> str | None:
        try:
            return region_from_text(self.cleaned_data["region"], self.regions)
        except ValueError:
            raise forms.ValidationError(_("Choose a region from the list.")) from None


class CallerForm(ReporterForm):
    """The public form's identity fields (and organisation), worded for the call-taker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf"].label = _("The caller calls on behalf of an organisation")
        self.fields["other"].label = _("Other ways to reach the caller")


class CodeConfirmedForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("The caller read the code back correctly"),
        widget=forms.CheckboxInput(attrs={"autofocus": True}),
    )


class RelayForm(forms.Form):
    body = forms.CharField(
        label=_("What the caller says (their reply or new information)"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
