from django import forms
from django.contrib.auth import authenticate, password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Unit, User
from accounts.permissions import SERVICE_ACCOUNT_ROLES

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
)


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean() or {}
        if self.errors:
            return data
        # Through the backends, so django-axes counts failures and refuses locked usernames.
        self.user = authenticate(self.request, username=data["username"], password=data["password"])
        if self.user is not None and self.user.is_service_account:
            self.user = None  # even if someone set it a password in the admin
        if self.user is None:
            raise forms.ValidationError(_("That username and password do not match."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12, widget=CODE_WIDGET
    )


class EnrolForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12, widget=CODE_WIDGET
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class IssueTokenForm(forms.Form):
    """`holders`: who the token may act as — the issuer, and for administrators also the service
    accounts of their units (accounts.permissions.can_issue_token_for)."""

    user = forms.ModelChoiceField(
        label=_("Acts as"), queryset=User.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name (which system uses it)"), max_length=80)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)

    def __init__(self, holders, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = holders  # type: ignore[attr-defined]


class ServiceAccountForm(forms.Form):
    username = forms.RegexField(
        label=_("Name of the service account"),
        max_length=150,
        regex=r"^svc-[a-z0-9][a-z0-9-]*$",
        help_text=_("Begins with “svc-”, then lower-case letters, digits and hyphens."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(role.value, role.label) for role in Role if role in SERVICE_ACCOUNT_ROLES],
    )

    def __init__(self, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("That name is taken."))
        return username


class AuditFilterForm(forms.Form):
    """The audit trail browser's filters; every field is optional, so no filter is valid too."""

    actor = forms.CharField(label=_("Actor"), required=False, max_length=160)
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    target_type = forms.CharField(label=_("Object type"), required=False, max_length=40)
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
