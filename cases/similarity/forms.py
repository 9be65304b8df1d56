from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import case_by_number
from intake.limits import MESSAGE_MAX


class FloodCloseForm(forms.Form):
    reply = forms.CharField(
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Reply to every reporter"),
    )
    case = forms.CharField(
        required=False, max_length=20, label=_("Duplicates of case (number, optional)")
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_case(self):
        return case_by_number(self.user, self.cleaned_data["case"])
