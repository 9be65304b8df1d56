"""The voicemail / IVR gateway: the agency's telephony system files a caller's message as a report.

`POST /api/v1/channels/voicemail` (multipart) is signed by the telephony system with a shared
secret: `X-Tipline-Signature` = hex HMAC-SHA256(secret, timestamp + "." + raw body), timestamp in
`X-Tipline-Timestamp`. Stale timestamps and signatures already seen are refused, so a recorded
request cannot be played again. Worked example: docs/partner-guide.md.

Caller numbers never reach storage: only the fields named below are read (anything else the
telephony system sends, such as `caller`, `ani` or `from`, is dropped unread), the recording is
stored under a name we choose (telephony systems name files after the caller), and only its
sanitised copy is kept — the "original" here was made by our own telephony system, not by the
reporter, so it is no evidence, and its tags may carry the caller id.

The questionnaire is not validated for this channel: a caller on a keypad can only pick a
category. The transcript (or a placeholder saying there is none) becomes the answer to the
category's first required long-text question and the other questions stay unanswered; staff
listen to the recording.
"""

import hashlib
import hmac
import io
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParser
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from core.apierrors import errors
from core.receipts import grouped
from core.sanitize import RejectedFile, sanitize
from intake import nonces
from intake.actions.reports import do_submit_report
from intake.api.common import TooBusy, error_response
from intake.api.schemas import CATEGORY_SLUG_PATTERN
from intake.limits import CALL_REFERENCE_MAX
from intake.questionnaire import (
    LONG_TEXT_MAX,
    CategorySpec,
    ValidationFailed,
    catalog,
    is_storable,
)
from intake.submission import (
    LANGUAGES,
    Busy,
    NewFile,
    Submission,
    rejection_message,
    take_budget,
)

router = Router(tags=["telephony"], auth=None)

# Room for the form fields beside the recording (a transcript of 20,000 characters is ~60 KB).
FORM_ALLOWANCE = 256 * 1024


class VoicemailOut(Schema):
    receipt: str
    speech: str


class VoicemailRefused(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(401, message)


def recording_limit() -> int:
    # Uploads are held in memory only up to ATTACHMENT_MAX_BYTES (core.http), whatever we allow.
    return min(settings.VOICEMAIL_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES)


def _too_large() -> HttpError:
    message = _("The recording is larger than the limit of %(kb)d KB.")
    return HttpError(413, message % {"kb": recording_limit() // 1024})


def _raw_body(request: HttpRequest) -> bytes:
    """The body as sent (the signature covers its exact bytes), refused unread when too big."""
    limit = recording_limit() + FORM_ALLOWANCE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HttpError(400, _("The request could not be read.")) from None
    if length > limit:
        raise _too_large()
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise _too_large()
    return raw


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(request: HttpRequest, body: bytes) -> None:
    """401 unless signed with our secret, recently, and never seen before."""
    secret = settings.VOICEMAIL_SECRET
    stamp = request.headers.get("X-Tipline-Timestamp", "")
    given = request.headers.get("X-Tipline-Signature", "").strip().lower()
    if not secret or not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        raise VoicemailRefused(_("The request is not signed."))
    expected = signature(secret, stamp, body)
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise VoicemailRefused(_("The signature is not valid."))
    skew = settings.VOICEMAIL_MAX_SKEW_SECONDS
    if abs(time.time() - int(stamp)) > skew:
        raise VoicemailRefused(_("The timestamp is too old or in the future; check the clock."))
    # Remembered for the whole window in which the timestamp would still pass.
    if not nonces.claim("voicemail", expected, ttl=2 * skew + 1):
        raise VoicemailRefused(_("This request was already received."))


def _form(request: HttpRequest, body: bytes):
    if (request.content_type or "").lower() != "multipart/form-data":
        raise HttpError(400, _("Send the voicemail as multipart/form-data."))
    parser = MultiPartParser(request.META, io.BytesIO(body), request.upload_handlers)
    return parser.parse()


@dataclass(frozen=True)
class Voicemail:
    category: CategorySpec
    language: str
    transcript: str
    call_reference: str
    recording: NewFile


def _text(form, name: str, limit: int, errors: dict) -> str:
    value = form.get(name, "")
    if len(value) > limit or not is_storable(value):
        errors[name] = _("Send text under %(n)d characters.") % {"n": limit}
        return ""
    return value.strip()


def _recording(files, errors: dict) -> NewFile | None:
    uploads = files.getlist("recording")
    if len(uploads) != 1:
        errors["recording"] = _("Send exactly one recording.")
        return None
    upload = uploads[0]
    if (upload.size or 0) > recording_limit():
        raise _too_large()
    data = upload.read()
    try:
        clean = sanitize(data, "", max_bytes=recording_limit())
    except RejectedFile as exc:
        errors["recording"] = rejection_message(exc.code)
        return None
    if clean.kind != "audio":
        errors["recording"] = _("The recording must be WAV, MP3 or OGG audio.")
        return None
    return NewFile(
        sanitized=clean, original=clean.clean_bytes, filename=f"voicemail{clean.extension}"
    )


def _validate(form, files) -> Voicemail:
    errors: dict[str, str] = {}
    recording = _recording(files, errors)
    spec = catalog.category(form.get("category", ""))
    if spec is None:
        errors["category"] = _("Choose one of the categories.")
    language = form.get("language") or "zh-hans"
    if language not in LANGUAGES:
        errors["language"] = _("Language must be zh-hans or en.")
    transcript = _text(form, "transcript", LONG_TEXT_MAX, errors)
    call_reference = _text(form, "call_reference", CALL_REFERENCE_MAX, errors)
    if errors:
        raise ValidationFailed(errors)
    assert spec is not None
    assert recording is not None
    return Voicemail(spec, language, transcript, call_reference, recording)


def transcript_key(spec: CategorySpec) -> str:
    """Where the transcript goes: the first required long-text question, else the first
    long-text question, else a key of its own (staff see unknown keys by name)."""
    long_texts = [f.key for f in spec.fields if f.type == "long_text"]
    required = [f.key for f in spec.fields if f.type == "long_text" and f.required]
    return (required or long_texts or ["transcript"])[0]


def speech(receipt: str, language: str) -> str:
    """What the IVR says: the receipt digit by digit, in groups of four, twice."""
    digits = ", ".join(" ".join(group) for group in grouped(receipt))
    with translation.override(language):
        return _(
            "Your report has been received. Your receipt number is: %(digits)s. Please write it "
            "down now: it is the only way to follow up on your report. Again, your receipt "
            "number is: %(digits)s."
        ) % {"digits": digits}


VOICEMAIL_DOC = {
    "parameters": [
        {
            "name": "X-Tipline-Timestamp",
            "in": "header",
            "required": True,
            "schema": {"type": "string", "pattern": "^[0-9]{1,12}$"},
            "description": "Unix time of signing, in seconds; too far from ours: 401.",
        },
        {
            "name": "X-Tipline-Signature",
            "in": "header",
            "required": True,
            "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
            "description": (
                'Hex HMAC-SHA256 of timestamp + "." + the raw body under the shared secret. '
                "Missing, wrong, or already received: 401."
            ),
        },
    ],
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["recording", "category"],
                    "properties": {
                        "recording": {"type": "string", "format": "binary"},
                        "category": {"type": "string", "pattern": CATEGORY_SLUG_PATTERN},
                        "transcript": {"type": "string"},
                        "call_reference": {"type": "string"},
                        "language": {"type": "string", "enum": list(LANGUAGES)},
                    },
                }
            }
        },
    },
}


@router.post(
    "/voicemail",
    response={201: VoicemailOut, **errors(400, 401, 413, 422, 429, 503)},
    openapi_extra=VOICEMAIL_DOC,
    tags=["telephony", "reporting"],
    summary="File a voicemail (for the agency's telephony system; signed)",
)
def voicemail(request: HttpRequest):
    body = _raw_body(request)
    verify(request, body)
    form, files = _form(request, body)
    try:
        call = _validate(form, files)
    except ValidationFailed as exc:
        detail = _("The voicemail has errors; nothing was stored.")
        return error_response(422, detail, exc.errors)
    try:
        take_budget()
    except Busy as exc:
        raise TooBusy(exc.retry_after) from None
    with translation.override(call.language):
        placeholder = _("(voicemail recording, no transcript)")
    # The questionnaire is not asked on this channel (see the module's docstring): the
    # submission is built here from what the telephony system can send, checked above.
    submission = Submission(
        category=call.category,
        region_code=None,
        answers={transcript_key(call.category): call.transcript or placeholder},
        language=call.language,
        channel="voicemail",
        files=(call.recording,),
        call_reference=call.call_reference or None,
    )
    _report, receipt = do_submit_report(submission)
    return JsonResponse({"receipt": receipt, "speech": speech(receipt, call.language)}, status=201)
