"""Test data built through the real models, one builder per kind of thing, for every app's tests.

The questionnaire is the one the public site, the API, the hotline and the letters form are all
tested against: "espionage", with one question of every type."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Region
from core.sanitize import sanitize
from intake.models import Category, Field
from intake.questionnaire import catalog
from intake.submission import NewFile

ESPIONAGE = {
    "name_zh": "间谍行为",
    "name_en": "Espionage",
    "description_zh": "有人窃取或打探国家秘密。",
    "description_en": "Someone stealing or seeking state secrets.",
}
QUESTIONS = [
    # key, type, required, label_zh, label_en, choices_text
    ("what", "long_text", True, "发生了什么？", "What happened?", ""),
    ("when", "date", False, "什么时候？", "When?", ""),
    ("where", "region", False, "在哪里？", "Where?", ""),
    (
        "kind",
        "single_choice",
        False,
        "类型",
        "Kind",
        "person | 个人 | A person\nfirm | 机构 | A firm",
    ),
    (
        "methods",
        "multiple_choice",
        False,
        "方式",
        "Methods",
        "online | 网络 | Online\nmoney | 金钱 | Money\nthreats | 威胁 | Threats",
    ),
    ("contact_made", "yes_no", False, "对方是否联系过你？", "Did they contact you?", ""),
    ("name", "short_text", False, "对方姓名", "Their name", ""),
]
# code: (name_zh, name_en, parent code). Units A and B of the personas are bound to the provinces.
KNOWN_REGIONS = {
    "110000": ("北京市", "Beijing", None),
    "110100": ("北京城区", "Beijing City", "110000"),
    "310000": ("上海市", "Shanghai", None),
}


def region(code: str, parent: str | None = None, level: int | None = None) -> Region:
    """Region `code`, created on first use with its parent. Known codes get their real names;
    any other is named after its code and sits one level below its parent."""
    name_zh, name_en, known_parent = KNOWN_REGIONS.get(code, (code, "", None))
    parent_region = region(parent or known_parent) if (parent or known_parent) else None
    if level is None:
        level = parent_region.level + 1 if parent_region else 1
    found, _created = Region.objects.get_or_create(
        code=code,
        defaults={"name_zh": name_zh, "name_en": name_en, "parent": parent_region, "level": level},
    )
    return found


def regions():
    """Beijing with its city district, and Shanghai."""
    for code in KNOWN_REGIONS:
        region(code)
    catalog.invalidate()
    return Region.objects.filter(code__in=KNOWN_REGIONS)


def category(slug: str = "espionage", **columns) -> Category:
    """Category `slug`, created on first use. "espionage" comes with names and descriptions in
    both languages and QUESTIONS; any other slug is a bare category named after itself, for tests
    that need a second one (columns such as deadlines may be given)."""
    found = Category.objects.filter(slug=slug).first()
    if found is not None:
        return found
    names = ESPIONAGE if slug == "espionage" else {"name_zh": slug, "name_en": slug.title()}
    created = Category.objects.create(slug=slug, **{**names, **columns})
    for position, (key, kind, required, zh, en, choices) in enumerate(
        QUESTIONS if slug == "espionage" else []
    ):
        Field.objects.create(
            category=created,
            key=key,
            type=kind,
            required=required,
            label_zh=zh,
            label_en=en,
            choices_text=choices,
            position=position,
        )
    catalog.invalidate()
    return created


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    """A small real PNG, as a browser uploads it."""
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def text_upload(name: str = "notes.txt", text: str = "plain notes") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def text_file(body: str = "a photo of a notebook", name: str = "note.txt") -> NewFile:
    """A sanitised text file, as the submission pipeline hands it to do_submit_report."""
    data = body.encode()
    return NewFile(sanitized=sanitize(data, name), original=data, filename=name)


def report_json(**overrides) -> dict:
    """A valid body for POST /api/v1/reports."""
    body = {
        "category": "espionage",
        "region": "110000",
        "answers": {"what": "A stranger photographed the gate.", "kind": "person"},
        "language": "en",
    }
    body.update(overrides)
    return body


def submit_via_api(client, **overrides) -> str:
    """Submit a valid report through the public API and return its receipt."""
    response = client.post(
        "/api/v1/reports", report_json(**overrides), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["receipt"]
