import io

import pytest
from django.core.management import call_command

from accounts.models import Region
from intake.models import Category, Field, FieldType
from intake.questionnaire import catalog

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("load_demo_data", stdout=io.StringIO())


def _counts() -> tuple[int, int, int]:
    return Region.objects.count(), Category.objects.count(), Field.objects.count()


def test_it_loads_all_34_provincial_divisions():
    _load()
    provinces = Region.objects.filter(level=1, parent__isnull=True)
    assert provinces.count() == 34
    assert provinces.get(code="110000").name_en == "Beijing"
    assert provinces.get(code="820000").name_zh == "澳门特别行政区"


def test_cities_sit_under_the_province_their_code_names():
    _load()
    cities = Region.objects.filter(level=2).select_related("parent")
    assert cities.count() >= 60
    for city in cities:
        assert city.code[:2] == city.parent.code[:2]
        assert city.parent.code.endswith("0000")
    assert cities.get(code="320500").name_zh == "苏州市"


def test_every_field_type_but_region_is_used():
    _load()
    used = set(Field.objects.values_list("type", flat=True))
    assert used == set(FieldType.values) - {FieldType.REGION}


def test_no_questionnaire_asks_the_region_the_form_asks_itself():
    _load()
    assert not Field.objects.filter(type=FieldType.REGION).exists()


def test_no_questionnaire_asks_the_same_thing_twice():
    _load()
    for category in Category.objects.prefetch_related("fields"):
        for language in ("label_zh", "label_en"):
            labels = [getattr(field, language) for field in category.fields.all()]
            assert len(labels) == len(set(labels)), category.slug


def test_each_category_opens_with_a_required_what_happened_question():
    _load()
    assert Category.objects.count() >= 6
    for category in Category.objects.prefetch_related("fields"):
        fields = list(category.fields.all())
        assert 5 <= len(fields) <= 8
        assert fields[0].type == FieldType.LONG_TEXT
        assert fields[0].required
        assert all([category.name_en, category.description_zh, category.description_en])


def test_every_choice_has_a_label_in_both_languages():
    _load()
    choice_types = [FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE]
    for field in Field.objects.filter(type__in=choice_types):
        for value, zh, en in field.parsed_choices():
            assert zh != value
            assert en != zh


def test_running_it_twice_changes_no_counts():
    _load()
    before = _counts()
    _load()
    assert _counts() == before


def test_a_report_on_a_demo_questionnaire_is_accepted(client):
    _load()
    catalog.invalidate()
    response = client.post(
        "/api/v1/reports",
        {
            "category": "recruitment",
            "region": "320100",
            "answers": {
                "what_happened": "An online contact offered paid 'consulting' about my work.",
                "who_approached": "me",
                "approach": ["online", "money"],
                "first_contact": "2024-03-01",
                "still_in_contact": "yes",
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
