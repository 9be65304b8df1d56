"""Property tests of answer validation: the rules every channel's submissions go through."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.questionnaire import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    CategorySpec,
    FieldSpec,
    ValidationFailed,
    clean_answers,
)

REGIONS = frozenset({"110000", "110100", "310000"})
TYPES = ["short_text", "long_text", "date", "yes_no", "region", "single_choice", "multiple_choice"]
keys = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
choice_values = st.lists(
    st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=5, unique=True
)
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=10,
)


@st.composite
def field_specs(draw, key=keys):
    kind = draw(st.sampled_from(TYPES))
    values = draw(choice_values) if kind.endswith("_choice") else []
    return FieldSpec(
        key=draw(key),
        type=kind,
        required=draw(st.booleans()),
        choices=tuple((v, f"zh-{v}", f"en-{v}") for v in values),
    )


@st.composite
def category_specs(draw):
    fields = draw(st.lists(field_specs(), max_size=6, unique_by=lambda f: f.key))
    return CategorySpec(id=1, slug="generated", fields=tuple(fields))


def text_value(limit):
    """Storable text (no NUL, no lone surrogate), already stripped as cleaning would."""
    alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    return st.text(alphabet, min_size=1, max_size=min(limit, 40)).map(str.strip).filter(bool)


def valid_value(spec: FieldSpec):
    """Answers in canonical form: what clean_answers itself returns."""
    values = [v for v, _zh, _en in spec.choices]
    return {
        "short_text": text_value(SHORT_TEXT_MAX),
        "long_text": text_value(LONG_TEXT_MAX),
        "date": st.dates(datetime.date(1900, 1, 1), datetime.date.today()).map(
            datetime.date.isoformat
        ),
        "yes_no": st.booleans(),
        "region": st.sampled_from(sorted(REGIONS)),
        "single_choice": st.sampled_from(values or ["x"]),
        "multiple_choice": st.lists(st.sampled_from(values or ["x"]), min_size=1, unique=True).map(
            sorted
        ),
    }[spec.type]


@st.composite
def spec_with_valid_answers(draw):
    spec = draw(category_specs())
    answers = {}
    for f in spec.fields:
        if f.required or draw(st.booleans()):
            answers[f.key] = draw(valid_value(f))
    return spec, answers


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(spec=category_specs(), answers=anything)
def test_any_input_either_cleans_or_fails_validation(spec, answers):
    outcome = _outcome(spec, answers)
    if isinstance(outcome, ValidationFailed):
        assert outcome.errors
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in outcome.errors.items())
    else:
        assert set(outcome) <= {f.key for f in spec.fields}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(spec=category_specs(), answers=st.dictionaries(keys, anything, max_size=8))
def test_answer_dicts_of_any_values_never_raise_anything_else(spec, answers):
    _outcome(spec, answers)


def _outcome(spec, answers):
    """The cleaned answers or the ValidationFailed; any other exception fails the test."""
    try:
        return clean_answers(spec, answers, REGIONS)
    except ValidationFailed as exc:
        return exc


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(case=spec_with_valid_answers())
def test_valid_answers_round_trip_unchanged(case):
    spec, answers = case
    cleaned = clean_answers(spec, answers, REGIONS)
    assert cleaned == answers
    assert clean_answers(spec, cleaned, REGIONS) == cleaned


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(case=spec_with_valid_answers(), data=st.data())
def test_a_missing_required_answer_is_always_reported(case, data):
    spec, answers = case
    required = [f.key for f in spec.fields if f.required]
    if not required:
        return
    missing = data.draw(st.sampled_from(required))
    blank = data.draw(st.sampled_from([None, "", "   ", []]))
    if blank is None:
        answers = {k: v for k, v in answers.items() if k != missing}
    else:
        answers = {**answers, missing: blank}
    with pytest.raises(ValidationFailed) as failed:
        clean_answers(spec, answers, REGIONS)
    assert missing in failed.value.errors


def test_unknown_questions_are_named_but_only_the_first_few():
    spec = CategorySpec(1, "c", (FieldSpec("what", "long_text", True),))
    junk = {f"junk{i}": "x" for i in range(1000)}
    with pytest.raises(ValidationFailed) as failed:
        clean_answers(spec, {"what": "ok", **junk}, REGIONS)
    assert "junk0" in failed.value.errors
    assert len(failed.value.errors) <= 21


@pytest.mark.parametrize("bad", ["a\x00b", "lone \ud800 surrogate"])
def test_text_that_cannot_be_stored_is_refused(bad):
    spec = CategorySpec(1, "c", (FieldSpec("what", "long_text", True),))
    with pytest.raises(ValidationFailed) as failed:
        clean_answers(spec, {"what": bad}, REGIONS)
    assert set(failed.value.errors) == {"what"}
