"""Console forms: a proposal (one row per reporter of the case), a decision, a payment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rewards.actions.proposals import Nominee
from rewards.eligibility import CHECKLIST
from rewards.models import Tier


class ProposalForm(forms.Form):
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=Tier.objects.none())
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Leave empty for a commendation without money."),
    )
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea, max_length=5000
    )
    split_reason = forms.CharField(
        label=_("Why the award is split (several reporters)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, reports=(), first=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.active()
        for key, label in CHECKLIST.items():
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        self.reports = list(reports)
        for i, report in enumerate(self.reports):
            first_mark = _(" (reported first)") if first and report.pk == first.pk else ""
            label = _("Report %(reference)s of %(date)s via %(channel)s") % {
                "reference": report.grouped_reference,
                "date": report.created_at.strftime("%Y-%m-%d %H:%M"),
                "channel": report.channel_label,
            }
            self.fields[f"nominate_{i}"] = forms.BooleanField(
                label=f"{label}{first_mark}", required=False
            )
            self.fields[f"part_{i}"] = forms.DecimalField(
                label=_("Part of the amount"), required=False, min_value=0, decimal_places=2
            )
            self.fields[f"staff_{i}"] = forms.BooleanField(
                label=_("Agency staff, or reported in the line of duty"), required=False
            )

    def checklist(self) -> dict:
        return {key: self.cleaned_data.get(f"check_{key}") is True for key in CHECKLIST}

    def nominees(self):
        return [
            Nominee(
                report=report,
                amount=self.cleaned_data.get(f"part_{i}"),
                staff_or_duty=bool(self.cleaned_data.get(f"staff_{i}")),
            )
            for i, report in enumerate(self.reports)
            if self.cleaned_data.get(f"nominate_{i}")
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("adjust", _("Approve another amount")),
            ("deny", _("Deny")),
        ],
    )
    amount = forms.DecimalField(
        label=_("Adjusted amount"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    tier = forms.ModelChoiceField(
        label=_("Tier for the adjusted amount"), queryset=Tier.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note (required to adjust or deny)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.active()


class PaymentForm(forms.Form):
    reference = forms.CharField(label=_("Bank or voucher reference"), required=False, max_length=60)
    claim_code = forms.CharField(
        label=_("Claim code (collection in person)"), required=False, max_length=20
    )
