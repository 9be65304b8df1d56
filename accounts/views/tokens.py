"""Staff API tokens: staff issue their own; administrators run their units' service accounts,
issue those accounts' tokens, and list and revoke every token in their units.

A token's secret is shown once, to whoever issued it, and acts only as that person or as a
service account: nobody holds a secret that acts as another person
(permissions.can_issue_token_for).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions, sudo
from accounts.actions import do_create_service_account, do_issue_api_token, do_revoke_api_token
from accounts.decorators import staff_required
from accounts.forms import IssueTokenForm, ServiceAccountForm
from accounts.models import ApiToken, User


def _require_token_page(user) -> None:
    if not (permissions.can_hold_api_token(user) or permissions.can_manage_api_tokens(user)):
        raise PermissionDenied


def _tokens(user):
    """Administrators see every token in their units; everyone else their own."""
    tokens = ApiToken.objects.select_related("user", "issued_by")
    if permissions.can_manage_api_tokens(user):
        return tokens.of_users_in(permissions.visible_units(user))
    return tokens.filter(user=user)


def _service_accounts(user):
    if not permissions.can_manage_api_tokens(user):
        return User.objects.none()
    units = permissions.visible_units(user)
    return User.objects.filter(is_service_account=True, unit__in=units, is_active=True)


def _holders(user):
    """Whom this user may issue a token for: themselves, and their units' service accounts."""
    mine = Q(pk=user.pk) if permissions.can_hold_api_token(user) else Q(pk__in=[])
    return (
        User.objects.filter(mine | Q(pk__in=_service_accounts(user).values("pk")))
        .select_related("unit")
        .order_by("is_service_account", "username")
    )


def _to_sudo():
    return redirect(f"{reverse('accounts:sudo')}?next={reverse('accounts:tokens')}")


@never_cache
@staff_required
def token_list(request):
    user = request.user
    _require_token_page(user)
    form = IssueTokenForm(_holders(user), request.POST or None)
    issued_token = issued_secret = None
    status = 200
    if request.method == "POST":
        if not sudo.is_fresh(request):
            return _to_sudo()
        if form.is_valid():
            data = form.cleaned_data
            issued_token, issued_secret = do_issue_api_token(
                data["user"], name=data["name"], days=data["days"], actor=user
            )
            form = IssueTokenForm(_holders(user))
        else:
            status = 422
    return _render(request, form=form, token=issued_token, secret=issued_secret, status=status)


def _render(request, *, form=None, service_form=None, token=None, secret=None, status=200):
    user = request.user
    context = {
        "tokens": _tokens(user)[:200],
        "form": form or IssueTokenForm(_holders(user)),
        "manages": permissions.can_manage_api_tokens(user),
        "service_accounts": (
            _service_accounts(user).select_related("unit").prefetch_related("staff_roles")
        ).order_by("username"),
        "service_form": service_form or ServiceAccountForm(permissions.visible_units(user)),
        "issued_token": token,
        "issued_secret": secret,
    }
    # never_cache on the views: the one response that holds a secret must not be kept anywhere.
    return render(request, "accounts/tokens.html", context, status=status)


@require_POST
@staff_required
def token_revoke(request, pk: int):
    _require_token_page(request.user)
    do_revoke_api_token(get_object_or_404(_tokens(request.user), pk=pk), actor=request.user)
    return redirect("accounts:tokens")


@never_cache
@require_POST
@staff_required
def service_account_create(request):
    if not permissions.can_manage_api_tokens(request.user):
        raise PermissionDenied
    if not sudo.is_fresh(request):
        return _to_sudo()
    form = ServiceAccountForm(permissions.visible_units(request.user), request.POST)
    if not form.is_valid():
        return _render(request, service_form=form, status=422)
    data = form.cleaned_data
    account = do_create_service_account(
        data["username"], unit=data["unit"], roles=data["roles"], actor=request.user
    )
    messages.success(
        request,
        _("Service account %(name)s created. Issue it a token below.")
        % {"name": account.get_username()},
    )
    return redirect("accounts:tokens")
