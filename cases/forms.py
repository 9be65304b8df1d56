"""Forms of the staff console's case pages. They validate input; actions decide."""

from django import forms
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Region, Unit, User
from cases.actions.triage import Decision
from cases.models import Case, CaseStatus, Outcome
from cases.standard_messages import template_choices
from intake.display import is_english, region_choices
from intake.limits import MESSAGE_MAX
from intake.models import Category, DeadlineKind, Priority, Report

PRIORITY_FILTER = [("", _("Any priority")), *Priority.choices]
DECISION_CHOICES = [
    (Decision.NEW_CASE, _("Accept into a new case")),
    (Decision.EXISTING_CASE, _("Accept into an existing case")),
    (Decision.DUPLICATE, _("Duplicate of a report or case")),
    (Decision.SPAM, _("Spam")),
    (Decision.FALSE, _("Knowingly false or malicious")),
]


class PageField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, max_value=100_000, **kwargs)


def _region_options():
    """Regions by name, grouped by province, as the public site lists them (never bare codes)."""
    options = []
    for group, rows in region_choices():
        options += rows if group is None else [(group, rows)]
    return options


class RegionField(forms.ChoiceField):
    """A region chosen by its name; the code travels in the form, the Region comes out."""

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(choices=(), required=False, **kwargs)
        self.empty_label = empty_label

    def load(self) -> None:
        """Read the regions once per form (validating and rendering both walk the options), in
        the language of the request."""
        self.choices = [("", self.empty_label), *_region_options()]

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("No region has this code."))
        return region


class CategoryField(forms.ModelChoiceField):
    """Categories by their name in the console's language (their __str__ is the Chinese name)."""

    def label_from_instance(self, obj):
        return obj.name


def category_filter() -> CategoryField:
    """A list filter's category: by slug in the query string, "Any category" when empty."""
    return CategoryField(
        Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any category"),
        label=_("Category"),
    )


class QueueFilterForm(forms.Form):
    category = category_filter()
    region = RegionField(empty_label=_("Any region"), label=_("Region"))
    priority = forms.TypedChoiceField(
        choices=PRIORITY_FILTER, coerce=int, empty_value=None, required=False, label=_("Priority")
    )
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    page = PageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].load()


class OverdueFilterForm(QueueFilterForm):
    kind = forms.ChoiceField(
        choices=[("", _("Any deadline")), *DeadlineKind.choices],
        required=False,
        label=_("Deadline"),
    )
    overdue = None


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *CaseStatus.choices], required=False, label=_("Status")
    )
    mine = forms.BooleanField(required=False, label=_("Assigned to me"))
    page = PageField()


def case_by_number(user, typed: str) -> Case | None:
    """The case a staff member typed the number of, among those they may see; None if blank."""
    number = typed.strip().upper()
    if not number:
        return None
    case = Case.objects.visible_to(user).filter(number=number).first()
    if case is None:
        raise forms.ValidationError(_("No case of your units has this number."))
    return case


class RadioGroup(forms.RadioSelect):
    """Radio buttons whose first option can take the page's focus (one autofocus per page)."""

    autofocus = False

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.autofocus and index == 0 and subindex is None:
            option["attrs"]["autofocus"] = True
        return option


def focus_first_error(form) -> None:
    """After a refused post, put the focus on the first field to correct (none before: the page
    opens on the report, which the analyst reads first)."""
    name = next((name for name in form.fields if name in form.errors), None)
    if name is None:
        return
    widget = form.fields[name].widget
    if isinstance(widget, RadioGroup):
        widget.autofocus = True
    else:
        widget.attrs["autofocus"] = True


class TriageForm(forms.Form):
    """The decision on a report, in one form laid out for the keyboard: the decision and the
    priority are radio groups (Tab reaches each, arrows choose), every other field is one line, so
    Enter anywhere records the decision."""

    decision = forms.ChoiceField(choices=DECISION_CHOICES, label=_("Decision"), widget=RadioGroup)
    case = forms.CharField(
        required=False, max_length=20, label=_("Case number (existing case or duplicate)")
    )
    duplicate_of = forms.CharField(
        required=False,
        max_length=40,
        label=_("Duplicate of report (reference)"),
        help_text=_("For example K7QM-2XHD; the report's id works too."),
    )
    priority = forms.TypedChoiceField(
        choices=Priority.choices, coerce=int, label=_("Priority"), widget=RadioGroup
    )
    category = CategoryField(Category.objects.all(), empty_label=None, label=_("Category"))
    region = RegionField(empty_label=_("No region given"), label=_("Region"))
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Reason (required for false or malicious)"),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].load()

    def clean_case(self):
        return case_by_number(self.user, self.cleaned_data["case"])

    def clean_duplicate_of(self):
        handle = self.cleaned_data["duplicate_of"].strip()
        if not handle:
            return None
        report = Report.objects.visible_to(self.user).by_handle(handle).first()
        if report is None:
            raise forms.ValidationError(_("No report of your units has this reference."))
        return report


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TransferForm(forms.Form):
    unit = UnitField(Unit.objects.none(), empty_label=_("Choose a unit"), label=_("Transfer to"))
    reason = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason")
    )

    def __init__(self, user, report, *args, **kwargs):
        # Shares the report page with the triage form, whose "reason" would claim the same id.
        super().__init__(*args, auto_id="id_transfer_%s", **kwargs)
        # Real units only: headquarters and the offices bound to regions (a unit with no region
        # is a shell, e.g. one made for service accounts, where a report would sit unseen).
        targets = (
            Unit.objects.filter(Q(parent__isnull=True) | Q(regions__isnull=False))
            .annotate(first_region=Min("regions__code"))
            .exclude(pk__in=[pk for pk in (user.unit_id, report.unit_id) if pk])
        )
        self.fields["unit"].queryset = targets
        # In the console's language: English names alphabetically, Chinese names in the order of
        # their regions' codes (GB/T 2260), the order every official list of provinces follows.
        units = sorted(
            targets,
            key=lambda u: (
                not u.is_national,
                u.name.lower() if is_english() else (u.first_region or ""),
            ),
        )
        self.fields["unit"].choices = [("", self.fields["unit"].empty_label)] + [
            (u.pk, u.name) for u in units
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=CaseStatus.choices, label=_("New status"))
    outcome = forms.ChoiceField(
        choices=[("", _("— outcome (when closing) —")), *Outcome.choices],
        required=False,
        label=_("Outcome"),
    )
    public_outcome = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Outcome text the reporter will see"),
    )


def _analyst_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class AssignForm(forms.Form):
    analysts = forms.ModelMultipleChoiceField(
        User.objects.none(),
        required=False,
        label=_("Analysts"),
        # Tick boxes: a multiple select needs Ctrl-click, which unassigns everyone else on a slip.
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, case, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Anyone with a case role in the case's unit or above it (who therefore can see it).
        above = [int(pk) for pk in case.unit.path.strip("/").split("/")]
        self.fields["analysts"].queryset = (
            User.objects.filter(
                unit_id__in=above,
                is_active=True,
                staff_roles__role__in=sorted(permissions.CASE_ROLES),
            )
            .distinct()
            .order_by("username")
        )
        self.fields["analysts"].label_from_instance = _analyst_label


class NoteForm(forms.Form):
    body = forms.CharField(
        max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}), label=_("Internal note")
    )

    def __init__(self, *args, **kwargs):
        # Shares the case page with the message form: distinct ids keep each label on its field.
        super().__init__(*args, auto_id="id_note_%s", **kwargs)


def _report_label(report) -> str:
    """A report as a choice: its reference and the day it came in, in the console's time zone."""
    return f"{report.grouped_reference} · {timezone.localtime(report.created_at):%Y-%m-%d}"


class MessageForm(forms.Form):
    report = forms.ModelChoiceField(
        Report.objects.none(), empty_label=None, label=_("To the reporter of")
    )
    body = forms.CharField(
        max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 5}), label=_("Message")
    )
    feedback = forms.BooleanField(
        required=False, label=_("This message tells the reporter what was done (feedback)")
    )

    def __init__(self, reports, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = reports
        self.fields["report"].label_from_instance = _report_label


class TemplatePickForm(forms.Form):
    template = forms.ChoiceField(choices=template_choices, required=False)


class IdentityRequestForm(forms.Form):
    report = forms.ModelChoiceField(
        Report.objects.none(), empty_label=_("Choose a report"), label=_("Reporter of")
    )
    justification = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Why the investigation needs the reporter's identity"),
    )

    def __init__(self, reports, *args, **kwargs):
        super().__init__(*args, auto_id="id_identity_%s", **kwargs)  # the message form has "report"
        self.fields["report"].queryset = reports.filter(has_identity=True)
        self.fields["report"].label_from_instance = _report_label


class IdentityDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("yes", _("Approve")), ("no", _("Deny"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note (required to deny)"),
    )
