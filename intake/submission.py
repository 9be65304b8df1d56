"""One submission pipeline for every channel.

Each surface (web, API, hotline, letters, voicemail, partners) reads its own request into the
same raw parts and calls `check_submission`, which validates the answers, region, language and
contact, sanitises the uploads and merges every error into one ValidationFailed. What comes out
is a `Submission`: validated, whole, and the only thing `do_submit_report` accepts.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from core.decoding import PixelBudget
from core.ratelimit import take_submission_slot
from core.sanitize import RejectedFile, SanitizedFile, sanitize
from intake.limits import CONTACT_MAX, FILE_NAME_MAX
from intake.questionnaire import CategorySpec, ValidationFailed, catalog, clean_answers, is_storable

LANGUAGES = ("zh-hans", "en")
CONTACT_KEYS = ("name", "phone", "email", "address", "other", "organisation", "organisation_type")


class Busy(Exception):
    """The site-wide submission budget is spent: answer 429 with Retry-After."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def take_budget() -> None:
    """A slot of the site-wide submission budget (public channels only), or Busy."""
    if wait := take_submission_slot():
        raise Busy(wait)


@dataclass(frozen=True)
class NewFile:
    sanitized: SanitizedFile
    original: bytes
    filename: str


@dataclass(frozen=True)
class Submission:
    """A validated report from any channel. Only staff channels set `taken_by` (audited as
    report.take, never shown to the reporter); only the web flow brings a `dek` and `staged`
    files, sealed with that key at its form step. `campaign_id`: the campaign link, embed page
    or partner call it started from (intake.partners.campaigns), and nothing else about where."""

    category: CategorySpec
    region_code: str | None
    answers: dict
    language: str
    channel: str
    contact: dict | None = None
    files: tuple[NewFile, ...] = ()
    reporter_kind: str = "person"
    taken_by: Any = None
    call_reference: str | None = None
    receipt_declined: bool = False
    dek: bytes | None = None
    staged: tuple[uuid.UUID, ...] = field(default=())
    campaign_id: int | None = None


def reporter_kind(contact: dict | None) -> str:
    """ "organisation" when the identity names one (it is sealed in the vault), else "person"."""
    return "organisation" if contact and contact.get("organisation") else "person"


def clean_contact(contact: Any) -> dict[str, str] | None:
    """Keep only the known contact keys with non-empty text; None if nothing is left."""
    if contact is None:
        return None
    if not isinstance(contact, dict):
        raise ValueError("contact must be an object")
    cleaned = {}
    for key in CONTACT_KEYS:
        value = contact.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > CONTACT_MAX or not is_storable(value):
            raise ValueError(f"contact.{key} must be text under {CONTACT_MAX} characters")
        if value.strip():
            cleaned[key] = value.strip()
    return cleaned or None


def _fields(category: Any, region: Any, answers: Any, language: Any, contact: Any) -> dict:
    """Everything but files, as Submission keyword arguments; ValidationFailed per field."""
    errors: dict[str, str] = {}
    region = None if region == "" else region  # an unanswered select
    spec = catalog.category(category) if isinstance(category, str) else None
    if spec is None:
        errors["category"] = _("Choose one of the categories.")
    if region is not None and (not isinstance(region, str) or region not in catalog.region_codes()):
        errors["region"] = _("Choose a region from the list.")
    if language not in LANGUAGES:
        errors["language"] = _("Language must be zh-hans or en.")
    try:
        contact = clean_contact(contact)
    except ValueError:
        errors["contact"] = _(
            "Contact details must be short texts: name, phone, email, address, other."
        )
    cleaned: dict = {}
    if spec is not None:
        try:
            cleaned = clean_answers(spec, answers, catalog.region_codes())
        except ValidationFailed as exc:
            for key, message in exc.errors.items():
                errors[key if key == "answers" else f"answers.{key}"] = message
    if errors:
        raise ValidationFailed(errors)
    return {
        "category": spec,
        "region_code": region,
        "answers": cleaned,
        "language": language,
        "contact": contact,
    }


def check_submission(
    *,
    category: Any,
    region: Any,
    answers: Any,
    language: Any,
    contact: Any,
    channel: str,
    uploads: Sequence = (),
    already: int = 0,
    forms: Sequence = (),
    budget: bool = False,
    **facts: Any,
) -> Submission:
    """Validate + read uploads + merge errors: the one step every channel takes.

    `forms` are the channel's own Django forms (their errors show beside their fields, so they
    add no message here, but the submission fails while any is invalid). With `budget`, a slot
    of the site-wide submission budget is taken once the fields are valid and before the costly
    file work (Busy if spent). `facts` are the channel's own Submission fields (taken_by, ...).
    Raises ValidationFailed carrying every field's and every file's error at once.
    """
    errors: dict[str, str] = {}
    fields: dict = {}
    try:
        fields = _fields(category, region, answers, language, contact)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    forms_ok = all([form.is_valid() for form in forms])  # a list: every form shows its errors
    if budget and not errors and forms_ok:
        take_budget()
    files: list[NewFile] = []
    try:
        files = read_uploads(uploads, already=already)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors or not forms_ok:
        failed = ValidationFailed(errors)
        failed.files = tuple(files)  # what passed, for a channel that keeps it across errors
        raise failed
    facts.setdefault("reporter_kind", reporter_kind(fields["contact"]))
    return Submission(channel=channel, files=tuple(files), **fields, **facts)


REJECTION_MESSAGES = {
    "too_large": lambda: (
        _("This file is larger than the limit of %(mb)d MB.")
        % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
    ),
    "type_not_allowed": lambda: _(
        "This kind of file is not accepted. Send photos (JPEG, PNG, GIF, WebP), PDF, plain text "
        "or audio (WAV, MP3, OGG)."
    ),
    "corrupt": lambda: _("This file is damaged and cannot be opened."),
    "bomb": lambda: _("This file is too large when opened and was refused."),
    "too_many_pixels": lambda: _(
        "Together with the other pictures in this report, this file is too large when opened. "
        "Send fewer or smaller pictures."
    ),
    "disguised": lambda: _("This file's name does not match its content."),
    "empty": lambda: _("This file is empty."),
}


def rejection_message(code: str) -> str:
    return REJECTION_MESSAGES.get(code, REJECTION_MESSAGES["corrupt"])()


def _file_error(name: str, code: str) -> str:
    # The same "label: message" pattern as form errors, so Chinese pages get a full-width colon.
    return _("%(label)s: %(message)s") % {"label": name, "message": rejection_message(code)}


def too_many_files_message() -> str:
    return _("Attach at most %(n)d files.") % {"n": settings.ATTACHMENT_MAX_COUNT}


def file_name(upload) -> str:
    """The name as given (it is sealed with the report), cut short and valid to store."""
    name = str(getattr(upload, "name", "") or "").replace("\x00", "")[:FILE_NAME_MAX]
    return name.encode("utf-8", "replace").decode("utf-8") or "file"


def read_uploads(uploads: Sequence, *, already: int = 0) -> list[NewFile]:
    """Sanitise uploaded files; raises ValidationFailed naming each refused file.

    All the files of one request share one pixel budget, so five huge pictures cannot together
    push a worker past its memory ceiling (docs/operations.md)."""
    if len(uploads) + already > settings.ATTACHMENT_MAX_COUNT:
        raise ValidationFailed({"attachments": too_many_files_message()})
    files, errors, budget = [], {}, PixelBudget()
    for index, upload in enumerate(uploads):
        name = file_name(upload)
        if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
            errors[f"attachments.{index}"] = _file_error(name, "too_large")
            continue
        data = upload.read()
        try:
            clean = sanitize(data, name, max_bytes=settings.ATTACHMENT_MAX_BYTES, budget=budget)
        except RejectedFile as exc:
            errors[f"attachments.{index}"] = _file_error(name, exc.code)
            continue
        files.append(NewFile(sanitized=clean, original=data, filename=name))
    if errors:
        raise ValidationFailed(errors)
    return files
