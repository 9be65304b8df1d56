"""The one-time enrolment link: set a password and register an authenticator app."""

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import otp
from accounts.actions import EnrolmentInvalid, do_complete_enrolment, enrolment_for
from accounts.forms import EnrolForm
from audit.actions import record

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
def enrol_view(request, token: str):
    try:
        user = enrolment_for(token).user
    except EnrolmentInvalid:
        return render(request, "accounts/enrol_invalid.html", status=404)
    device = otp.pending_device(user)
    form = EnrolForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolled = do_complete_enrolment(token, password=data["password1"], code=data["code"])
        except EnrolmentInvalid:
            return render(request, "accounts/enrol_invalid.html", status=404)
        if enrolled is not None:
            # They just proved the link, a new password and the device: that is a full login.
            login(request, enrolled, backend=MODEL_BACKEND)
            otp.mark_verified(request, otp.confirmed_device(enrolled))
            record("auth.login", actor=enrolled, details={"via": "enrolment"})
            return redirect("accounts:home")
        form.add_error("code", _("That code is not right. Check the app and try again."))
    context = {
        "form": form,
        "enrolled_user": user,
        "qr": otp.qr_data_uri(device.config_url),
        "secret": otp.secret_base32(device),
    }
    return render(request, "accounts/enrol.html", context)
