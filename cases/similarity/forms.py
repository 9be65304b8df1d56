from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class FloodCloseForm(forms.Form):
    reply = forms.CharField(
        max_length=10_000,
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
        number = self.cleaned_data["case"].strip().upper()
        if not number:
            return None
        case = Case.objects.visible_to(self.user).filter(number=number).first()
        if case is None:
            raise forms.ValidationError(_("No case of your units has this number."))
        return case
