"""Certificates: the reporter downloads theirs through follow-up; anyone may check one at
/verify/<code>/, which says only whether it is genuine (date, kind, and the name on named ones).

Every unknown code, well-formed or not, gets the very same answer. Codes carry 120 random bits,
so guessing is hopeless at any rate we serve; the page is still rate-limited as a whole
(TIPLINE_CERTIFICATE_VERIFY_PER_MINUTE checks a minute, no per-caller key: we keep nothing about
visitors). Unlike a brake on failures, that limit cannot be tripped by wrong codes alone."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.errors import ActionError
from core.ratelimit import take_minute_slot
from intake.followup import reporter_report
from intake.responses import see_other, too_many
from rewards import vault
from rewards.actions.certificates import do_issue_certificate, verify
from rewards.certificates import render_pdf
from rewards.followup import share_or_404


def pdf_response(request, certificate, contents, language: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("certificate_verify", args=[contents["code"]]))
    pdf = render_pdf(certificate, contents, verify_url=url, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="certificate.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_POST
@reporter_report
def followup_certificate(request, report, share_id):
    """Issue (the first time, with the optional consented name) and download the certificate."""
    share = share_or_404(report, share_id)
    try:
        certificate, contents = do_issue_certificate(
            share,
            report=report,
            name=request.POST.get("name", ""),
            consent=request.POST.get("consent") == "on",
        )
    except ActionError:
        return see_other(reverse("rewards_followup"))
    return pdf_response(request, certificate, contents, request.POST.get("language", ""))


@never_cache
def certificate_verify(request, code: str):
    limit = settings.TIPLINE_CERTIFICATE_VERIFY_PER_MINUTE
    if wait := take_minute_slot("certificate-verify", "site", limit):
        return too_many(request, wait)
    certificate = verify(code)
    if certificate is None:
        return render(request, "rewards/verify.html", {"certificate": None}, status=404)
    name = vault.open_certificate(certificate)["name"] if certificate.named else ""
    return render(request, "rewards/verify.html", {"certificate": certificate, "name": name})
