"""Validating answers against a category's questionnaire.

Pure functions over frozen specs, so the submission path never touches the ORM for them and the
rules can be property-tested. A per-process cache of specs keeps the hot path free of queries;
admin edits reach every process within CATALOG_TTL seconds.
"""

import datetime
import time
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from intake.limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

CATALOG_TTL = 30.0
# Answer keys the staff channels add after validation (letters: date received; hotline: the
# call-taker's notes). A question may not use them, or its answer would be overwritten.
RECEIVED_ON_KEY = "received_on"
CALL_NOTES_KEY = "call_notes"
RESERVED_KEYS = frozenset({RECEIVED_ON_KEY, CALL_NOTES_KEY})
# A script posting thousands of junk keys gets the first few named, not an echo of its payload.
MAX_UNKNOWN_REPORTED = 20


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    required: bool
    label_zh: str = ""
    label_en: str = ""
    choices: tuple[tuple[str, str, str], ...] = ()

    def choice_values(self) -> frozenset[str]:
        return frozenset(value for value, _zh, _en in self.choices)


@dataclass(frozen=True)
class CategorySpec:
    id: int
    slug: str
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)


class ValidationFailed(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors
        self.files: tuple = ()  # files that passed, when a submission's other parts failed


def is_storable(text: str) -> bool:
    """Text we can seal and store: valid Unicode (JSON allows lone surrogates, UTF-8 does not)
    and no NUL, which PostgreSQL text refuses and which only ever comes from scripts."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_key(key: Any) -> str:
    """An unknown answer key, cut short and made printable, to name it in an error."""
    return str(key)[:60].encode("utf-8", "replace").decode("utf-8")


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError(_("Enter text."))
    value = value.strip()
    if not is_storable(value):
        raise ValueError(_("Text must not contain NUL or invalid characters."))
    if len(value) > limit:
        raise ValueError(_("Keep this under %(limit)d characters.") % {"limit": limit})
    return value


def _date(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(_("Enter a date as YYYY-MM-DD."))
    try:
        parsed = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if parsed.year < 1900 or parsed > datetime.date.today() + datetime.timedelta(days=1):
        raise ValueError(_("Enter a date that has already happened."))
    return parsed.isoformat()


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("yes", "no"):
        return value == "yes"
    raise ValueError(_("Answer yes or no."))


def _clean_one(spec: FieldSpec, value: Any, region_codes: frozenset[str]) -> Any:
    kind = spec.type
    if kind == "short_text":
        return _text(value, SHORT_TEXT_MAX)
    if kind == "long_text":
        return _text(value, LONG_TEXT_MAX)
    if kind == "date":
        return _date(value)
    if kind == "yes_no":
        return _yes_no(value)
    if kind == "region":
        if not isinstance(value, str) or value not in region_codes:
            raise ValueError(_("Choose a region from the list."))
        return value
    if kind == "single_choice":
        if not isinstance(value, str) or value not in spec.choice_values():
            raise ValueError(_("Choose one of the options."))
        return value
    if kind == "multiple_choice":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(_("Choose from the options."))
        if not set(value) <= spec.choice_values():
            raise ValueError(_("Choose from the options."))
        return sorted(set(value))
    raise ValueError(_("This question cannot be answered."))


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def clean_answers(spec: CategorySpec, answers: Any, region_codes: frozenset[str]) -> dict[str, Any]:
    """Cleaned answers keyed by field key, or ValidationFailed with a message per field key."""
    if not isinstance(answers, dict):
        raise ValidationFailed({"answers": _("Answers must be an object of question keys.")})
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    known = {f.key for f in spec.fields}
    unknown = [key for key in answers if key not in known]
    for key in unknown[:MAX_UNKNOWN_REPORTED]:
        errors[safe_key(key)] = _("Unknown question.")
    for f in spec.fields:
        value = answers.get(f.key)
        if _is_empty(value):
            if f.required:
                errors[f.key] = _("This field is required.")
            continue
        try:
            cleaned[f.key] = _clean_one(f, value, region_codes)
        except ValueError as exc:
            errors[f.key] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


class _Catalog:
    """Category specs and region codes, memoised per process for CATALOG_TTL seconds."""

    def __init__(self) -> None:
        self._loaded_at = 0.0
        self._categories: dict[str, CategorySpec] = {}
        self._regions: frozenset[str] = frozenset()

    def _refresh(self) -> None:
        from accounts.models import Region
        from intake.models import Category

        categories = {}
        for cat in Category.objects.active().prefetch_related("fields"):
            fields = tuple(
                FieldSpec(
                    f.key, f.type, f.required, f.label_zh, f.label_en, tuple(f.parsed_choices())
                )
                for f in cat.fields.all()
            )
            categories[cat.slug] = CategorySpec(cat.id, cat.slug, fields)
        self._categories = categories
        self._regions = frozenset(Region.objects.values_list("code", flat=True))
        self._loaded_at = time.monotonic()

    def _fresh(self) -> None:
        if time.monotonic() - self._loaded_at > CATALOG_TTL:
            self._refresh()

    def category(self, slug: str) -> CategorySpec | None:
        self._fresh()
        return self._categories.get(slug)

    def region_codes(self) -> frozenset[str]:
        self._fresh()
        return self._regions

    def invalidate(self) -> None:
        self._loaded_at = 0.0


catalog = _Catalog()
