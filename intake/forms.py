"""The forms every channel shares, and the one way a questionnaire page is drawn.

The questionnaire is built from the category's fields at request time, so it is read by hand here
and checked by `intake.submission.check_submission` (the same rules on every channel); the fixed
forms (contact, receipt, reply) are ordinary Django forms.
"""

from django import forms
from django.conf import settings
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from intake.display import region_choices
from intake.followup import shape_error
from intake.limits import CONTACT_MAX, MESSAGE_MAX


def answer_name(key: str) -> str:
    """The POST name of a question; prefixed so a field key can never clash with ours."""
    return f"a-{key}"


def answers_from_post(fields, data) -> dict:
    """Raw answers as typed, one per question: a list for multiple choice, else a string."""
    answers = {}
    for field in fields:
        name = answer_name(field.key)
        if field.type == "multiple_choice":
            answers[field.key] = data.getlist(name)
        else:
            answers[field.key] = data.get(name, "")
    return answers


def answers_as_typed(answers: dict) -> dict:
    """Cleaned answers (from a draft) back into form values, to pre-fill "Change answers"."""
    typed = {}
    for key, value in answers.items():
        if isinstance(value, bool):
            typed[key] = "yes" if value else "no"
        else:
            typed[key] = value
    return typed


class ContactForm(forms.Form):
    """Who the reporter is, if they choose to say. Every field is optional."""

    name = forms.CharField(label=_("Name"), required=False, max_length=CONTACT_MAX)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=CONTACT_MAX,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False, max_length=CONTACT_MAX)
    address = forms.CharField(label=_("Address"), required=False, max_length=CONTACT_MAX)
    other = forms.CharField(
        label=_("Other ways to reach you"),
        required=False,
        max_length=CONTACT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "contact")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")

    def contact(self) -> dict:
        """The given details (call after is_valid); empty strings are dropped by clean_contact."""
        return {key: value for key, value in self.cleaned_data.items() if value}


ORGANISATION_TYPES = [
    ("company", _("Company")),
    ("public_body", _("Public body")),
    ("school", _("School")),
    ("ngo", _("NGO")),
    ("other", _("Other")),
]
ORGANISATION_FIELDS = ("organisation", "organisation_type")


def organisation_type_label(value: str) -> str:
    return str(dict(ORGANISATION_TYPES).get(value, value))


class ReporterForm(ContactForm):
    """ContactForm plus reporting on behalf of an organisation (its name and type go to the
    identity vault with the rest; nothing about it is stored in the clear but the kind)."""

    anchor = "identity"

    on_behalf = forms.BooleanField(
        label=_("I am reporting on behalf of an organisation"), required=False
    )
    organisation = forms.CharField(
        label=_("Organisation name"), required=False, max_length=CONTACT_MAX
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("Choose…")), *ORGANISATION_TYPES],
    )

    def __init__(self, *args, **kwargs):
        initial = kwargs.get("initial") or {}
        if initial.get("organisation"):  # back from a draft: keep the box ticked
            kwargs["initial"] = {**initial, "on_behalf": True}
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        named = any(cleaned.get(key) for key in ORGANISATION_FIELDS)
        if cleaned.get("on_behalf") and not cleaned.get("organisation"):
            self.add_error("organisation", _("Enter the organisation's name."))
        elif named and not cleaned.get("on_behalf"):
            # Never guess: a stray organisation name would change who the report is from.
            self.add_error(
                "on_behalf",
                _("Tick this box to report on behalf of the organisation, or clear its details."),
            )
        return cleaned

    def contact(self) -> dict:
        return {key: value for key, value in super().contact().items() if key != "on_behalf"}

    def person_fields(self) -> list:
        return [self[name] for name in ContactForm.base_fields]

    def organisation_fields(self) -> list:
        return [self[name] for name in ORGANISATION_FIELDS]


class IdentityForm(ContactForm):
    """Adding contact details after submission: at least one is needed."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.values()):
            raise forms.ValidationError(_("Fill in at least one way to identify or reach you."))
        return cleaned


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )

    def clean_code(self) -> str:
        # A code of the wrong shape is answered here and never reaches the throttle.
        code = self.cleaned_data["code"]
        if problem := shape_error(code):
            raise forms.ValidationError(problem, code="shape")
        return code


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
    )


def _choices(field) -> list[tuple[str, str]]:
    if field.type == "yes_no":
        return [("yes", _("Yes")), ("no", _("No"))]
    english = (get_language() or "").lower().startswith("en")
    return [(value, en if english else zh) for value, zh, en in field.parsed_choices()]


def questions_for(fields, values: dict, errors: dict) -> list[dict]:
    """Everything a template needs to draw each question with what was typed and its error."""
    questions = []
    for field in fields:
        value = values.get(field.key, "")
        picked = value if isinstance(value, list) else [value]
        qid = f"q-{field.key}"
        questions.append(
            {
                "id": qid,
                "name": answer_name(field.key),
                "type": field.type,
                "label": field.label,
                "help": field.help,
                "required": field.required,
                "value": "" if isinstance(value, list) else str(value or ""),
                "choices": [
                    {"id": f"{qid}-{i}", "value": v, "label": label, "checked": v in picked}
                    for i, (v, label) in enumerate(_choices(field))
                ],
                "error": errors.get(f"answers.{field.key}", ""),
            }
        )
    return questions


def _labelled(label, message) -> str:
    """ "Question: problem", without doubling the question's own punctuation."""
    label = str(label or "").rstrip("?？:：. ")
    if not label:
        return str(message)
    return gettext("%(label)s: %(message)s") % {"label": label, "message": message}


def error_summary(questions: list[dict], errors: dict, *forms) -> list[dict]:
    """The list at the top of a form with errors, each linking to its field: the questionnaire's
    errors, then each bound Django form's (a field with no single input to point at, such as a
    radio group, points at the form's `anchor`)."""
    items = [
        {"href": f"#{q['id']}", "text": _labelled(q["label"], q["error"])}
        for q in questions
        if q["error"]
    ]
    if errors.get("region"):
        items.append({"href": "#region", "text": errors["region"]})
    for key in ("category", "language", "answers"):
        if errors.get(key):
            items.append({"href": "#questions", "text": errors[key]})
    if errors.get("contact"):
        items.append({"href": "#identity", "text": errors["contact"]})
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for name, field_errors in form.errors.items():
            field = form.fields.get(name)
            label = field.label if field is not None else ""
            target = form[name].id_for_label if field is not None else ""
            href = f"#{target or getattr(form, 'anchor', 'questions')}"
            items.extend({"href": href, "text": _labelled(label, e)} for e in field_errors)
    items.extend(
        {"href": "#attachments", "text": message}
        for key, message in sorted(errors.items())
        if key == "attachments" or key.startswith("attachments.")
    )
    return items


def questionnaire_context(category, *, values=None, errors=None, forms=()) -> dict:
    """What every channel's questionnaire page needs, drawn the same way on each: the questions
    with what was typed and their errors, the error summary, regions and file limits."""
    errors = errors or {}
    questions = questions_for(category.fields.all(), values or {}, errors)
    return {
        "category": category,
        "questions": questions,
        "summary": error_summary(questions, errors, *forms),
        "region_error": errors.get("region", ""),
        "regions": region_choices(),
        "file_errors": [m for k, m in sorted(errors.items()) if k.startswith("attachments")],
        "max_files": settings.ATTACHMENT_MAX_COUNT,
        "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }
