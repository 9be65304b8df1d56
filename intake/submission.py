"""Checking a submission from any channel before anything is stored."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from core.sanitize import RejectedFile, SanitizedFile, sanitize
from intake.questionnaire import CategorySpec, ValidationFailed, catalog, clean_answers, is_storable

LANGUAGES = ("zh-hans", "en")


CONTACT_KEYS = ("name", "phone", "email", "address", "other", "organisation", "organisation_type")
CONTACT_MAX = 500


@dataclass(frozen=True)
class NewFile:
    sanitized: SanitizedFile
    original: bytes
    filename: str


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


@dataclass(frozen=True)
class ValidSubmission:
    category: CategorySpec
    region_code: str | None
    answers: dict
    language: str
    contact: dict | None


def validate_submission(
    category: Any, region: Any, answers: Any, language: Any, contact: Any
) -> ValidSubmission:
    """Everything but files; raises ValidationFailed with a message per field."""
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
    assert spec is not None
    return ValidSubmission(spec, region, cleaned, language, contact)


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
    "disguised": lambda: _("This file's name does not match its content."),
    "empty": lambda: _("This file is empty."),
}


def _file_name(upload) -> str:
    """The name as given (it is sealed with the report), cut short and valid to store."""
    name = str(getattr(upload, "name", "") or "").replace("\x00", "")[:200]
    return name.encode("utf-8", "replace").decode("utf-8") or "file"


def read_uploads(uploads: list, *, already: int = 0) -> list[NewFile]:
    """Sanitise uploaded files; raises ValidationFailed naming each refused file."""
    if len(uploads) + already > settings.ATTACHMENT_MAX_COUNT:
        raise ValidationFailed(
            {"attachments": _("Attach at most %(n)d files.") % {"n": settings.ATTACHMENT_MAX_COUNT}}
        )
    files, errors = [], {}
    for index, upload in enumerate(uploads):
        name = _file_name(upload)
        if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
            errors[f"attachments.{index}"] = f"{name}: {REJECTION_MESSAGES['too_large']()}"
            continue
        data = upload.read()
        try:
            clean = sanitize(data, name, max_bytes=settings.ATTACHMENT_MAX_BYTES)
        except RejectedFile as exc:
            message = REJECTION_MESSAGES.get(exc.code, REJECTION_MESSAGES["corrupt"])()
            errors[f"attachments.{index}"] = f"{name}: {message}"
            continue
        files.append(NewFile(sanitized=clean, original=data, filename=name))
    if errors:
        raise ValidationFailed(errors)
    return files
