"""The reporter's claim form: how to receive it (or decline), and the bank details if by bank."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rewards.actions.claims import PAYEE_MAX


class ClaimForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to receive it?"),
        widget=forms.RadioSelect,
        choices=[
            ("bank", _("By bank transfer")),
            ("in_person", _("Collect it in person with a claim code and your receipt")),
            ("commendation", _("Accept the commendation")),
            ("decline", _("Decline it")),
        ],
    )
    account_name = forms.CharField(label=_("Account holder"), required=False, max_length=PAYEE_MAX)
    bank = forms.CharField(label=_("Bank and branch"), required=False, max_length=PAYEE_MAX)
    account_number = forms.CharField(
        label=_("Account number"), required=False, max_length=PAYEE_MAX
    )

    def payee(self) -> dict:
        return {k: self.cleaned_data.get(k, "") for k in ("account_name", "bank", "account_number")}
