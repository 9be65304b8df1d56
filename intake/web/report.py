"""The public reporting site: server-rendered pages that work without JavaScript.

Reporter URLs never carry a report id, reporter pages are never cached, and the receipt exists
only in the response to the POST that committed the report (never in a URL, a redirect or a log).
Nothing a reporter types is stored before they press "Submit": the review step carries it back to
us in a sealed draft (intake.web.draft); only the files are staged, sealed with the draft key.
"""

import uuid

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.crypto import new_data_key
from core.receipts import grouped
from core.tokens import BadToken
from intake import nonces
from intake.actions.reports import DraftAlreadyUsed, do_stage_attachments, do_submit_report
from intake.display import region_label, review_rows, site_language
from intake.forms import (
    ORGANISATION_FIELDS,
    ReporterForm,
    answers_as_typed,
    answers_from_post,
    organisation_type_label,
    questionnaire_context,
)
from intake.guides import campaign_guide
from intake.models import Category
from intake.partners import campaigns
from intake.questionnaire import ValidationFailed
from intake.responses import too_many
from intake.submission import Busy, check_submission, reporter_kind, too_many_files_message
from intake.web.draft import Draft, check_form_token, form_token


@never_cache
def home(request):
    return render(request, "intake/home.html", {"categories": Category.objects.active()})


@never_cache
def choose_category(request):
    tag = campaigns.tag_in(request.GET)
    context = {
        "categories": Category.objects.active(),
        "campaign_query": campaigns.query(tag),
        "campaign_guide": campaign_guide(tag),
    }
    return render(request, "intake/categories.html", context)


@never_cache
def campaign_link(request, tag: str):
    """/c/<tag>/: start a report carrying the campaign; any other tag starts an ordinary one."""
    campaign = campaigns.active(tag)
    return redirect(
        reverse("report_categories") + campaigns.query(campaign.tag if campaign else "")
    )


def _category(slug: str) -> Category:
    return get_object_or_404(Category.objects.active().prefetch_related("fields"), slug=slug)


@never_cache
def report_form(request, slug: str):
    category = _category(slug)
    if request.method != "POST":
        return render_form(request, category)
    prior = None
    if request.POST.get("draft"):  # "Change answers", or the form it led to
        try:
            prior = Draft.open(request.POST["draft"])
        except BadToken:
            prior = None
        if prior is None or prior.slug != slug:
            if request.POST.get("edit"):
                return render_form(request, category, notice=_expired_notice())
            # Keep what they typed; the staged files are lost with the draft (swept later).
            return accept_questionnaire(request, category, None, refusal=_expired_notice())
        if request.POST.get("edit"):
            return render_form(request, category, draft=prior, from_draft=True)
    problem = check_form_token(request.POST.get("form_token"), slug, mints=prior is None)
    refusal = {"invalid": _expired_notice, "too_soon": _too_soon_notice}.get(problem or "")
    return accept_questionnaire(request, category, prior, refusal=refusal() if refusal else "")


def _expired_notice() -> str:
    return _(
        "This form was open too long or could not be checked, so nothing was sent. Please check "
        "your answers and submit again."
    )


@never_cache
def submit(request):
    if request.method != "POST":
        return redirect("report_categories")
    try:
        draft = Draft.open(request.POST.get("draft"))
    except BadToken:
        return render(request, "intake/draft_expired.html", status=400)
    # One report per draft, even if the button is pressed twice or the page is re-sent.
    if not nonces.claim("draft", draft.nonce):
        return render(request, "intake/already_submitted.html", status=409)
    try:
        return _submit_draft(request, draft)
    except Exception:
        nonces.release("draft", draft.nonce)  # nothing was stored, so they may press again
        raise


def _submit_draft(request, draft: Draft):
    try:
        submission = check_submission(
            category=draft.slug,
            region=draft.region,
            answers=draft.answers,
            language=draft.language,
            contact=draft.contact,
            channel="web",
            budget=True,
            dek=draft.dek,
            staged=tuple(uuid.UUID(s) for s in draft.staged),
            campaign_id=getattr(campaigns.active(draft.campaign), "pk", None),
        )
    except Busy as exc:
        nonces.release("draft", draft.nonce)
        return too_many(request, exc.retry_after, draft=request.POST["draft"])
    except ValidationFailed as exc:
        # The questionnaire changed while they were filling it in: show what needs changing.
        nonces.release("draft", draft.nonce)
        category = Category.objects.active().filter(slug=draft.slug).first()
        if category is None:
            return render(request, "intake/draft_expired.html", status=400)
        return render_form(request, category, draft=draft, from_draft=True, errors=exc.errors)
    try:
        _report, receipt = do_submit_report(submission)
    except DraftAlreadyUsed:
        return render(request, "intake/already_submitted.html", status=409)
    return render(request, "intake/receipt.html", {"blocks": grouped(receipt)})


# The questionnaire ---------------------------------------------------------------------------


def render_form(
    request,
    category,
    *,
    draft=None,
    from_draft=False,
    values=None,
    region="",
    contact_form=None,
    errors=None,
    notice="",
    files_lost=False,
    kept=None,
):
    """The questionnaire; with `from_draft` pre-filled from a review-step draft. A draft also
    carries the files already sealed, so they survive an error or "Change answers"."""
    if from_draft:
        values, region = answers_as_typed(draft.answers), draft.region or ""
        contact_form = ReporterForm(initial=draft.contact or {})
    contact_form = contact_form or ReporterForm()
    staged = draft.files if draft else []
    data = request.POST if request.method == "POST" else request.GET
    campaign = draft.campaign if draft else campaigns.tag_in(data)
    context = questionnaire_context(category, values=values, errors=errors, forms=(contact_form,))
    context |= {
        "notice": notice,
        "region": region,
        "contact_form": contact_form,
        "contact_error": (errors or {}).get("contact", ""),
        "files_lost": files_lost,
        # `kept`: the ticks as posted, where the draft was not pruned to them yet (else all).
        "staged": [
            {"index": i, "name": n, "size": s, "kept": kept is None or str(i) in kept}
            for i, (n, s) in enumerate(staged)
        ],
        "files_left": max(settings.ATTACHMENT_MAX_COUNT - len(staged), 0),
        "form_token": form_token(category.slug),
        "draft": draft.seal() if draft else "",
        "campaign": campaign,
    }
    return render(request, "intake/report_form.html", context)


def accept_questionnaire(request, category, prior, *, refusal: str):
    """Check a filled-in form; the review page if all is well, else the form with its errors
    and with every file that passed the checks kept (sealed in the draft), so nothing the
    reporter gave is dropped by a mistake elsewhere on the page."""
    try:
        uploads = request.FILES.getlist("attachments")
    except TooManyFilesSent:
        uploads, refusal = [], refusal or str(too_many_files_message())
    again = {
        "values": answers_from_post(category.fields.all(), request.POST),
        "region": request.POST.get("region", ""),
        "contact_form": ReporterForm(request.POST),
    }
    if refusal:  # the form token was missing, forged, expired or too young
        lost = bool(uploads)
        ticks = request.POST.getlist("keep")
        again |= {"notice": refusal, "files_lost": lost, "kept": ticks}
        return render_form(request, category, draft=prior, **again)
    if prior is not None:
        prior.keep(request.POST.getlist("keep"))
    campaign = prior.campaign if prior else campaigns.tag_in(request.POST)
    contact_form = again["contact_form"]
    try:
        submission = check_submission(
            category=category.slug,
            region=again["region"] or None,
            answers=again["values"],
            language=site_language(),
            contact=contact_form.contact() if contact_form.is_valid() else None,
            channel="web",
            uploads=uploads,
            already=len(prior.staged) if prior else 0,
            forms=(contact_form,),
        )
    except ValidationFailed as exc:
        draft = _stage(category, prior, exc.files, campaign) if exc.files else prior
        return render_form(request, category, draft=draft, errors=exc.errors, **again)
    draft = _stage(category, prior, submission.files, campaign)
    draft.region, draft.answers = submission.region_code, submission.answers
    draft.language, draft.contact = submission.language, submission.contact
    return render_review(request, category, draft)


def _stage(category, prior, files, campaign: str) -> Draft:
    """Seal and stage files under the draft's key (a new draft if there is none yet)."""
    draft = prior or Draft(category.slug, None, {}, "", None, dek=new_data_key(), campaign=campaign)
    if files:
        staged = do_stage_attachments(draft.dek, files)
        draft.staged += [str(attachment_id) for attachment_id in staged]
        draft.files += [[f.filename, len(f.original)] for f in files]
    return draft


def _too_soon_notice() -> str:
    return _(
        "That was quicker than we expected a person to fill in the form, so nothing was sent. "
        "Please check your answers and press the button again."
    )


def render_review(request, category, draft: Draft):
    labels = {name: field.label for name, field in ReporterForm.base_fields.items()}
    contact = dict(draft.contact or {})
    if contact.get("organisation_type"):
        contact["organisation_type"] = organisation_type_label(contact["organisation_type"])
    context = {
        "category": category,
        "rows": review_rows(category.fields.all(), draft.answers),
        "region": region_label(draft.region) if draft.region else "",
        "files": draft.files,
        # The organisation first: the name and ways to reach are then its contact person's.
        "contact": [
            (labels[k], contact[k])
            for k in dict.fromkeys((*ORGANISATION_FIELDS, *labels))
            if contact.get(k)
        ],
        "organisation": reporter_kind(contact) == "organisation",
        "draft": draft.seal(),
        "hours": settings.FORM_MAX_AGE_SECONDS // 3600,
    }
    return render(request, "intake/review.html", context)
