import pytest

from intake.models import Category, Field

pytestmark = pytest.mark.django_db
URL = "/api/v1/categories"


def _espionage(body):
    return next(c for c in body if c["slug"] == "espionage")


def test_it_lists_categories_with_their_questionnaires(client, category):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    cat = _espionage(response.json())
    assert cat["name"] == "Espionage"
    assert cat["description"] == "Someone stealing or seeking state secrets."
    assert [f["key"] for f in cat["fields"]] == [
        "what",
        "when",
        "where",
        "kind",
        "methods",
        "contact_made",
        "name",
    ]
    what = cat["fields"][0]
    assert what == {
        "key": "what",
        "label": "What happened?",
        "help": "",
        "type": "long_text",
        "required": True,
        "choices": None,
    }


def test_choices_are_listed_with_localised_labels(client, category):
    english = _espionage(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json())
    chinese = _espionage(client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").json())
    assert english["fields"][3]["choices"][0] == {"value": "person", "label": "A person"}
    assert chinese["fields"][3]["choices"][0] == {"value": "person", "label": "个人"}


def test_it_speaks_chinese_by_default(client, category):
    cat = _espionage(client.get(URL).json())
    assert cat["name"] == "间谍行为"
    assert cat["fields"][0]["label"] == "发生了什么？"


def test_it_falls_back_to_chinese_where_english_is_missing(client, category):
    Field.objects.filter(key="name").update(label_en="")
    cat = _espionage(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json())
    assert cat["fields"][-1]["label"] == "对方姓名"


def test_inactive_categories_are_hidden(client, category):
    Category.objects.create(slug="retired", name_zh="旧", active=False)
    slugs = [c["slug"] for c in client.get(URL).json()]
    assert "retired" not in slugs
    assert "espionage" in slugs


def test_it_takes_two_queries_however_many_categories(client, category, django_assert_num_queries):
    for i in range(5):
        extra = Category.objects.create(slug=f"extra-{i}", name_zh=f"类{i}")
        Field.objects.create(category=extra, key="what", type="long_text", label_zh="事")
    with django_assert_num_queries(2):
        response = client.get(URL)
    assert len(response.json()) == 6


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_not_allowed(client, method):
    assert getattr(client, method)(URL).status_code == 405
