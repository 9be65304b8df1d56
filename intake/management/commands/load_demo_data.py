"""Load demo data: the region hierarchy and the report categories with their questionnaires.

Idempotent (every row is upserted by its natural key), so `make run` calls it on every start.
Self-contained: it reads only its own JSON files under intake/demo/ and touches only the models
it names, so later apps can add their own demo data without this command breaking.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Region
from intake.models import Category, Field
from intake.questionnaire import catalog

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
PROVINCE, CITY = 1, 2


@dataclass
class Tally:
    created: int = 0
    existing: int = 0

    def add(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.existing += 1

    def __str__(self) -> str:
        return f"{self.created} new, {self.existing} already present"


def _read(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def load_regions() -> Tally:
    """Provinces (level 1) and their listed cities (level 2), keyed by GB/T 2260 code."""
    tally = Tally()
    for province in _read("regions.json")["provinces"]:
        parent, created = Region.objects.update_or_create(
            code=province["code"],
            defaults={
                "parent": None,
                "name_zh": province["zh"],
                "name_en": province["en"],
                "level": PROVINCE,
            },
        )
        tally.add(created)
        for code, name_zh, name_en in province["cities"]:
            _city, created = Region.objects.update_or_create(
                code=code,
                defaults={"parent": parent, "name_zh": name_zh, "name_en": name_en, "level": CITY},
            )
            tally.add(created)
    return tally


def load_categories() -> tuple[Tally, Tally]:
    """Categories keyed by slug and their fields keyed by (category, key)."""
    categories, fields = Tally(), Tally()
    for position, spec in enumerate(_read("categories.json")["categories"]):
        category, created = Category.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name_zh": spec["name"][0],
                "name_en": spec["name"][1],
                "description_zh": spec["description"][0],
                "description_en": spec["description"][1],
                "position": position * 10,
                "active": True,
            },
        )
        categories.add(created)
        for field_position, field in enumerate(spec["fields"]):
            fields.add(_load_field(category, field, field_position * 10))
    return categories, fields


def _load_field(category: Category, spec: dict, position: int) -> bool:
    help_zh, help_en = spec.get("help", ["", ""])
    _field, created = Field.objects.update_or_create(
        category=category,
        key=spec["key"],
        defaults={
            "type": spec["type"],
            "label_zh": spec["label"][0],
            "label_en": spec["label"][1],
            "help_zh": help_zh,
            "help_en": help_en,
            "required": spec.get("required", False),
            "position": position,
            "choices_text": "\n".join(spec.get("choices", [])),
        },
    )
    return created


class Command(BaseCommand):
    help = "Load demo regions and report categories (safe to run again: it only upserts)."

    def handle(self, *args, **options):
        with transaction.atomic():
            regions = load_regions()
            categories, fields = load_categories()
        catalog.invalidate()
        self.stdout.write(f"regions: {regions}")
        self.stdout.write(f"categories: {categories}")
        self.stdout.write(f"questionnaire fields: {fields}")
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
