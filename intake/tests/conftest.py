"""Shared intake fixtures: a category with a question of every type, and a few regions.

Used by the public site tests (test_site_*.py) and the API tests alike.
"""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Region
from intake.models import Category, Field
from intake.questionnaire import catalog

ESPIONAGE_FIELDS = [
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


@pytest.fixture
def regions(db):
    beijing, _ = Region.objects.update_or_create(
        code="110000", defaults={"name_zh": "北京市", "name_en": "Beijing", "level": 1}
    )
    Region.objects.update_or_create(
        code="110100",
        defaults={"name_zh": "北京城区", "name_en": "Beijing City", "level": 2, "parent": beijing},
    )
    Region.objects.update_or_create(
        code="310000", defaults={"name_zh": "上海市", "name_en": "Shanghai", "level": 1}
    )
    catalog.invalidate()
    return Region.objects.filter(code__in=["110000", "110100", "310000"])


@pytest.fixture
def category(db):
    cat = Category.objects.create(
        slug="espionage",
        name_zh="间谍行为",
        name_en="Espionage",
        description_zh="有人窃取或打探国家秘密。",
        description_en="Someone stealing or seeking state secrets.",
    )
    for position, (key, kind, required, zh, en, choices) in enumerate(ESPIONAGE_FIELDS):
        Field.objects.create(
            category=cat,
            key=key,
            type=kind,
            required=required,
            label_zh=zh,
            label_en=en,
            choices_text=choices,
            position=position,
        )
    catalog.invalidate()
    return cat


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles, budgets and used drafts live in the cache; no test may see another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def png():
    """A factory of small real PNG uploads."""

    def make(name: str = "photo.png") -> SimpleUploadedFile:
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make
