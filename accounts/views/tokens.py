"""Administrators issue and revoke staff API tokens for agency systems."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions, sudo
from accounts.actions import do_issue_api_token, do_revoke_api_token
from accounts.decorators import staff_required
from accounts.forms import IssueTokenForm
from accounts.models import ApiToken, User


def _scope(user):
    units = permissions.visible_units(user)
    tokens = ApiToken.objects.of_users_in(units).select_related("user", "user__unit")
    users = User.objects.filter(unit__in=units, is_active=True).order_by("username")
    return tokens, users


@never_cache
@staff_required
def token_list(request):
    if not permissions.can_manage_api_tokens(request.user):
        raise PermissionDenied
    tokens, users = _scope(request.user)
    form = IssueTokenForm(users, request.POST or None)
    issued_token = issued_secret = None
    if request.method == "POST":
        if not sudo.is_fresh(request):
            return redirect(f"{reverse('accounts:sudo')}?next={reverse('accounts:tokens')}")
        if form.is_valid():
            data = form.cleaned_data
            issued_token, issued_secret = do_issue_api_token(
                data["user"], name=data["name"], days=data["days"], actor=request.user
            )
            form = IssueTokenForm(users)
    context = {
        "tokens": tokens[:200],
        "form": form,
        "issued_token": issued_token,
        "issued_secret": issued_secret,
    }
    return render(request, "accounts/tokens.html", context)  # never_cache: no secret in caches


@require_POST
@staff_required
def token_revoke(request, pk: int):
    if not permissions.can_manage_api_tokens(request.user):
        raise PermissionDenied
    tokens, _users = _scope(request.user)
    do_revoke_api_token(get_object_or_404(tokens, pk=pk), actor=request.user)
    return redirect("accounts:tokens")
