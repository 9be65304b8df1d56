"""Re-entering a TOTP code before a sensitive act (accounts/sudo.py)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import otp, sudo
from accounts.decorators import staff_required
from accounts.forms import CodeForm
from accounts.views.helpers import safe_next
from audit.actions import record


@never_cache
@staff_required
def sudo_view(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(otp.confirmed_device(request.user), form.cleaned_data["code"]):
            sudo.mark_fresh(request)
            record("auth.sudo", actor=request.user)
            return redirect(safe_next(request))
        record("auth.sudo_failed", actor=request.user)
        form.add_error("code", _("That code is not right. Wait for a new code and try again."))
    context = {"form": form, "next": safe_next(request), "minutes": sudo.FRESH_SECONDS // 60}
    return render(request, "accounts/sudo.html", context)
