"""Fixtures and helpers for the public API tests, built through the real models and actions.

`category` and `regions` mirror the ones intake/tests/conftest.py provides for the site tests;
the API tests import these (with `# noqa: F401`: importing is what registers a fixture) so they
never depend on that file's timing:

    from intake.tests.api_fixtures import category_fixture, fresh_cache, regions_fixture
"""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Region
from intake.models import Category, Field
from intake.questionnaire import catalog

CHOICES_KIND = "meeting | 会面 | Meeting\nrecruitment | 招募 | Recruitment\nother | 其他 | Other"
CHOICES_METHODS = "phone | 电话 | Phone\nonline | 网络 | Online\nletter | 信件 | Letter"


@pytest.fixture(name="regions")
def regions_fixture(db):
    beijing = Region.objects.update_or_create(
        code="110000", defaults={"name_zh": "北京市", "name_en": "Beijing", "level": 1}
    )[0]
    Region.objects.update_or_create(
        code="110100",
        defaults={"name_zh": "市辖区", "name_en": "Beijing City", "level": 2, "parent": beijing},
    )
    Region.objects.update_or_create(
        code="310000", defaults={"name_zh": "上海市", "name_en": "Shanghai", "level": 1}
    )
    catalog.invalidate()
    yield Region.objects.filter(code__in=["110000", "110100", "310000"])
    catalog.invalidate()


@pytest.fixture(name="category")
def category_fixture(db, regions):
    cat = Category.objects.create(
        slug="espionage",
        name_zh="间谍活动",
        name_en="Espionage",
        description_zh="可疑的情报收集",
        description_en="Suspected intelligence gathering",
    )
    fields = [
        ("what", "long_text", True, "发生了什么", "What happened", ""),
        ("when", "date", False, "何时", "When", ""),
        ("where", "region", False, "何地", "Where", ""),
        ("kind", "single_choice", False, "类型", "Kind", CHOICES_KIND),
        ("methods", "multiple_choice", False, "方式", "Methods", CHOICES_METHODS),
        ("contact_made", "yes_no", False, "是否接触", "Contact made", ""),
        ("name", "short_text", False, "姓名", "Name", ""),
    ]
    for position, (key, type_, required, zh, en, choices) in enumerate(fields):
        Field.objects.create(
            category=cat,
            key=key,
            type=type_,
            required=required,
            label_zh=zh,
            label_en=en,
            position=position,
            choices_text=choices,
        )
    catalog.invalidate()
    yield cat
    catalog.invalidate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def report_json(**overrides) -> dict:
    body = {
        "category": "espionage",
        "region": "110000",
        "answers": {"what": "A stranger photographed the gate.", "kind": "meeting"},
        "language": "en",
    }
    body.update(overrides)
    return body


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def text_upload(name: str = "notes.txt", text: str = "plain notes") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def submit(client, **overrides) -> str:
    """Submit a valid report through the API and return its receipt."""
    response = client.post(
        "/api/v1/reports", report_json(**overrides), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["receipt"]


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# Tests that need PostgreSQL's concurrency or tools; on SQLite they are skipped, not failed.
postgres_only = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL (TIPLINE_TEST_DATABASE)"),
]
