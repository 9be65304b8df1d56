"""The sealed review-step draft and the form token of the public questionnaire.

Nothing a reporter types is at rest before they press Submit: the review page carries it back to
us sealed (see docs/decisions/0002); only the staged files are written, sealed with the draft's key.
"""

import base64
import binascii
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings

from core.tokens import BadToken, open_token, seal_token
from intake import nonces


@dataclass
class Draft:
    """What the review page carries back to us, sealed: nothing is at rest before submission
    except the staged files, which are sealed with the draft's own key."""

    slug: str
    region: str | None
    answers: dict
    language: str
    contact: dict | None
    dek: bytes
    staged: list[str] = field(default_factory=list)
    files: list[list] = field(default_factory=list)  # [name, size], parallel to `staged`
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    campaign: str = ""  # the tag of the campaign link the reporter came by, if any

    def seal(self) -> str:
        payload = {
            "c": self.slug,
            "r": self.region,
            "a": self.answers,
            "l": self.language,
            "k": self.contact,
            "d": base64.b64encode(self.dek).decode(),
            "s": self.staged,
            "n": self.nonce,
            "f": self.files,
            "g": self.campaign,
        }
        return seal_token(payload, purpose="draft")

    @classmethod
    def open(cls, token: str | None) -> "Draft":
        """The draft, or BadToken if it is not ours, too old, or malformed."""
        if not token:
            raise BadToken("no draft")
        p = open_token(token, purpose="draft", max_age=settings.FORM_MAX_AGE_SECONDS)
        try:
            draft = cls(
                slug=str(p["c"]),
                region=p["r"],
                answers=dict(p["a"]),
                language=str(p["l"]),
                contact=p["k"],
                dek=base64.b64decode(p["d"], validate=True),
                staged=[str(uuid.UUID(s)) for s in p["s"]],
                files=[[str(name), int(size)] for name, size in p["f"]],
                nonce=str(p["n"]),
                campaign=str(p.get("g") or ""),
            )
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise BadToken("malformed draft") from exc
        if len(draft.files) != len(draft.staged):
            raise BadToken("malformed draft")
        return draft

    def keep(self, indices: list[str]) -> None:
        """Drop the staged files the reporter unticked (the sweeper deletes them later)."""
        # isascii(): "²".isdigit() is true but int("²") fails.
        wanted = {int(i) for i in indices if i.isascii() and i.isdigit()}
        pairs = [p for i, p in enumerate(zip(self.staged, self.files, strict=True)) if i in wanted]
        self.staged = [s for s, _f in pairs]
        self.files = [f for _s, f in pairs]


# A served form may be sent back (corrected and re-sent) this many times while it has no draft
# yet; each time can stage files. A script re-posting one token gets no more than this.
DRAFTS_PER_FORM = 10


def form_token(slug: str) -> str:
    return seal_token({"c": slug, "n": secrets.token_urlsafe(12)}, purpose="form")


def check_form_token(token: str | None, slug: str, *, mints: bool = False) -> str | None:
    """None if the form may be accepted, else "invalid" (missing, forged, expired, or sent back
    more than DRAFTS_PER_FORM times when each post may `mint` a new draft) or "too_soon"."""
    if not token:
        return "invalid"
    try:
        payload = open_token(token, purpose="form", max_age=settings.FORM_MAX_AGE_SECONDS)
    except BadToken:
        return "invalid"
    if not isinstance(payload, dict) or payload.get("c") != slug or not payload.get("n"):
        return "invalid"
    try:
        open_token(
            token,
            purpose="form",
            max_age=settings.FORM_MAX_AGE_SECONDS,
            min_age=settings.FORM_MIN_FILL_SECONDS,
        )
    except BadToken:
        return "too_soon"
    if mints and not nonces.spend("form", str(payload["n"]), limit=DRAFTS_PER_FORM):
        return "invalid"
    return None
