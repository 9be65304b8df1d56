"""manage.py load_demo_pages: a few real guide pages in zh-Hans and English, for `make run`.

Idempotent: a page whose slug is already under the zh-Hans guide home is left as it is (an
editor may have changed it). Demo pages are published directly, as setup rather than content:
the two-person workflow governs what editors write (awareness/workflow.py).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale

from awareness import models
from awareness.tree import ensure_tree
from intake.models import Campaign, Category

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "pages.json"


def _fields(spec: dict, index: int) -> dict:
    fields = {"title": spec["title"][index], "summary": spec["summary"][index]}
    if "body" in spec:
        fields["body"] = spec["body"][index]
    if "questions" in spec:
        fields["questions"] = [
            ("question", {"question": pair[index][0], "answer": pair[index][1]})
            for pair in spec["questions"]
        ]
    return fields


def _publish(page, fields: dict) -> None:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


class Command(BaseCommand):
    help = "Load demo guide pages (zh-Hans and English); safe to repeat."

    def handle(self, *args, **options):
        created = 0
        with transaction.atomic():
            ensure_tree()
            en = Locale.objects.get(language_code="en")
            home = models.GuideIndexPage.objects.get(depth=2, locale__language_code="zh-hans")
            specs = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["pages"]
            for spec in specs:
                if home.get_children().filter(slug=spec["slug"]).exists():
                    continue
                model = getattr(models, spec["type"])
                extra = {}
                if spec.get("category"):
                    extra["category"] = Category.objects.filter(slug=spec["category"]).first()
                if spec.get("campaign"):  # a partner campaign and its short link /c/<tag>/
                    tag, name_zh, name_en = spec["campaign"]
                    extra["campaign"] = Campaign.objects.get_or_create(
                        tag=tag, defaults={"name_zh": name_zh, "name_en": name_en}
                    )[0]
                page = model(slug=spec["slug"], **_fields(spec, 0), **extra)
                page = home.add_child(instance=page)
                page.save_revision().publish()
                _publish(page.copy_for_translation(en), _fields(spec, 1))
                created += 1
        self.stdout.write(f"Guide pages: {created} new, {len(specs) - created} already present")
