"""The reporter's claim form: how to receive it (or decline), and the payee's details if by bank:
a person's account, or an organisation's (its name, its account, a contact person if it wishes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rewards.actions.claims import PAYEE_FIELDS, PAYEE_MAX, PAYEE_OPTIONAL

METHODS = [
    ("bank", _("By bank transfer")),
    ("in_person", _("Collect it in person with a claim code and your receipt")),
    ("commendation", _("Accept the commendation")),
    ("decline", _("Decline it")),
]


def _text(label):
    return forms.CharField(label=label, required=False, max_length=PAYEE_MAX)


class ClaimForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to receive it?"), widget=forms.RadioSelect, choices=METHODS
    )
    payee_kind = forms.ChoiceField(
        label=_("Who is to be paid?"),
        widget=forms.RadioSelect,
        choices=[("person", _("A person")), ("organisation", _("An organisation"))],
        required=False,
    )
    account_name = _text(_("Account holder"))
    organisation = _text(_("Name of the organisation"))
    contact_person = _text(_("Contact person (optional)"))
    bank = _text(_("Bank and branch"))
    account_number = _text(_("Account number"))

    def payee(self) -> dict:
        kind = self.cleaned_data.get("payee_kind") or "person"
        names = PAYEE_FIELDS[kind] + PAYEE_OPTIONAL[kind]
        return {"kind": kind} | {k: self.cleaned_data.get(k, "") for k in names}
