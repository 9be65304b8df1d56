"""Idempotency-Key: a retried POST gets the first answer back and creates nothing new.

The record is claimed (inserted) first inside the same transaction as the report or message, and
the answer stored before that transaction commits. So a crash before the commit leaves neither
report nor record (the retry simply runs again), a crash after it leaves both (the retry gets the
receipt of a report that exists), and a concurrent retry waits on the claimed row's unique index
until the first commits, then replays its answer.

Records are found by an HMAC of (scope, caller, key, digest of the request's content) and the
stored answer, which may hold a receipt, is sealed under a key derived from the Idempotency-Key
and that digest, neither of which is stored: neither the database nor the keyring alone opens it.
The content digest means a key reused for a *different* request (two users of one partner app
whose keys collide, or a guessed key) can never open another reporter's receipt; it is refused
with 422 (found by a second keyed hash of the key without the content), so a client that reuses
keys by mistake learns it instead of filing a second report.
"""

import hashlib
import hmac
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from ninja.errors import HttpError

from core.crypto import DecryptionError, current_keyring, seal, unseal
from intake.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_MAX = 200
# Anonymous callers share one namespace, so an anonymous key is all that stands between another
# anonymous caller and the stored answer (a receipt): it must be long enough to be random.
ANONYMOUS_KEY_MIN = 16
REPLAYED_HEADER = "Idempotent-Replayed"


def key_from(request, *, min_length: int = 1) -> str | None:
    """The request's Idempotency-Key, None if it sent none; 400 if it is not 1–200 printable
    ASCII characters (or shorter than `min_length`)."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    if not min_length <= len(raw) <= KEY_MAX or not all(" " <= c <= "~" for c in raw):
        raise HttpError(
            400,
            _("Idempotency-Key must be %(min)d to %(max)d printable ASCII characters (use a UUID).")
            % {"min": min_length, "max": KEY_MAX},
        )
    return raw


def content_digest(request) -> str:
    """What was sent, independent of how a retry encodes it (multipart boundaries change)."""
    digest = hashlib.sha256()
    if not (request.content_type or "").startswith("multipart/form-data"):
        digest.update(request.body)
        return digest.hexdigest()
    try:
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"{name}\x1f{value}\x1e".encode("utf-8", "surrogatepass"))
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(name.encode() + hashlib.sha256(upload.read()).digest())
                upload.seek(0)
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        return "unreadable"  # the request itself will answer with the error; nothing is stored
    return digest.hexdigest()


def lookup_for(scope: str, caller: str, key: str, content: str) -> str:
    message = "\x1f".join((scope, caller, key, content)).encode()
    return hmac.new(current_keyring().receipt, message, hashlib.sha256).hexdigest()


def key_lookup_for(scope: str, caller: str, key: str) -> str:
    message = "\x1f".join(("key-only", scope, caller, key)).encode()
    return hmac.new(current_keyring().receipt, message, hashlib.sha256).hexdigest()


def _used_for_other_request() -> HttpError:
    return HttpError(
        422,
        _(
            "This Idempotency-Key was already used for a different request. "
            "Send a new key with each new request."
        ),
    )


def _sealing_key(key: str, content: str) -> bytes:
    message = f"idem:{key}\x1f{content}".encode()
    return hmac.new(current_keyring().token, message, hashlib.sha256).digest()


def _aad(lookup: str) -> bytes:
    return f"tipline:idempotency:{lookup}".encode()


def _cutoff():
    return timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL_SECONDS)


def once(*, scope: str, caller: str, key: str | None, request, work: Callable[[], HttpResponse]):
    """Run `work` (which answers 201 when it created something) at most once per key.

    `work` runs inside a transaction together with the record; any other answer is rolled back
    with the claim, so only a successful answer is ever replayed."""
    if key is None:
        return work()
    content = content_digest(request)
    lookup = lookup_for(scope, caller, key, content)
    key_lookup = key_lookup_for(scope, caller, key)
    if (stored := _replay(lookup, key, content)) is not None:
        return stored
    with transaction.atomic():
        if not _claim(lookup, key_lookup):
            # Another request with this key committed first (we waited for it): its answer, if
            # it was this request; a refusal if it was another.
            if (stored := _replay(lookup, key, content)) is not None:
                return stored
            if _other_request_holds(lookup, key_lookup):
                raise _used_for_other_request()
            raise HttpError(409, _("A request with this Idempotency-Key is in progress."))
        response = work()
        if response.status_code != 201:
            transaction.set_rollback(True)
            return response
        IdempotencyRecord.objects.filter(lookup=lookup).update(
            status_code=response.status_code,
            response_sealed=seal(_sealing_key(key, content), response.content, _aad(lookup)),
        )
    return response


def _claim(lookup: str, key_lookup: str) -> bool:
    """Insert the record (empty for now); False if another request holds or held this key."""
    expired = IdempotencyRecord.objects.filter(created_at__lt=_cutoff())
    expired.filter(Q(lookup=lookup) | Q(key_lookup=key_lookup)).delete()
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                lookup=lookup, key_lookup=key_lookup, response_sealed=b"", status_code=0
            )
    except IntegrityError:
        return False
    return True


def _other_request_holds(lookup: str, key_lookup: str) -> bool:
    return (
        IdempotencyRecord.objects.filter(key_lookup=key_lookup, created_at__gte=_cutoff())
        .exclude(lookup=lookup)
        .exists()
    )


def _replay(lookup: str, key: str, content: str) -> HttpResponse | None:
    record = (
        IdempotencyRecord.objects.filter(lookup=lookup, created_at__gte=_cutoff())
        .exclude(status_code=0)
        .first()
    )
    if record is None:
        return None
    try:
        answer = unseal(_sealing_key(key, content), bytes(record.response_sealed), _aad(lookup))
    except DecryptionError:  # the token key was replaced since: the answer is gone
        return None
    response = HttpResponse(answer, status=record.status_code, content_type="application/json")
    response[REPLAYED_HEADER] = "true"
    return response


@task()
def sweep_expired_records() -> int:
    """Delete records older than IDEMPOTENCY_TTL_SECONDS (lookups ignore them already)."""
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=_cutoff()).delete()
    return deleted


IDEMPOTENCY_HEADER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": KEY_MAX,
        "pattern": "^[\\x20-\\x7e]+$",
        "examples": ["5f0c1e3a-9a57-4c38-8f3e-2b1d8a6c4e11"],
    },
    "description": (
        "Send a fresh random key (a UUID) with each new request and the same key with its "
        "retries: a retry within 24 hours gets the first answer back (with the header "
        "`Idempotent-Replayed: true`) and creates nothing. The key is 1 to "
        f"{KEY_MAX} printable ASCII characters; anonymous callers' keys need at least "
        f"{ANONYMOUS_KEY_MIN} (else 400). The same key with a different body is refused "
        "with 422; while the first request with a key is still running, 409."
    ),
}
