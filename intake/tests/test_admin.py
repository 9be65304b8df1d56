import pytest
from django.contrib import admin

from audit.models import AuditEvent
from intake.models import Attachment, Category, Field, Message, Report, ReporterIdentity
from intake.questionnaire import catalog
from tipline.test import login_staff

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/intake/category/add/"


def _form_post(response, **overrides) -> dict:
    """What the browser would send back for the rendered category form, plus our edits."""
    data = {}
    for bound in response.context["adminform"].form:
        value = bound.value()
        if value is True:
            data[bound.name] = "on"
        elif value not in (None, False):
            data[bound.name] = str(value)
    data.update(
        {
            "fields-TOTAL_FORMS": "0",
            "fields-INITIAL_FORMS": "0",
            "fields-MIN_NUM_FORMS": "0",
            "fields-MAX_NUM_FORMS": "1000",
        }
    )
    data.update(overrides)
    return data


def _question(index: int, **values) -> dict:
    base = {"position": "0", "key": "what", "type": "long_text", "label_zh": "发生了什么？"}
    return {f"fields-{index}-{name}": value for name, value in {**base, **values}.items()}


def _add_category(client, *questions: dict):
    form = client.get(ADD_URL)
    data = _form_post(
        form,
        slug="drones",
        name_zh="无人机",
        name_en="Drones",
        position="70",
        active="on",
        **{"fields-TOTAL_FORMS": str(len(questions))},
    )
    for question in questions:
        data.update(question)
    return client.post(ADD_URL, data)


def test_an_admin_can_open_the_category_list_and_add_form(client, admin_user):
    login_staff(client, admin_user)
    assert client.get("/admin/intake/category/").status_code == 200
    assert client.get(ADD_URL).status_code == 200


def test_staff_without_admin_rights_cannot_open_it(client, analyst_a):
    login_staff(client, analyst_a)
    response = client.get("/admin/intake/category/")
    assert response.status_code == 302


def test_saving_a_category_with_questions_reaches_the_catalog_at_once(
    client, admin_user, django_capture_on_commit_callbacks
):
    login_staff(client, admin_user)
    assert catalog.category("drones") is None  # primes the per-process cache
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_category(client, _question(0, required="on"))
    assert response.status_code == 302, response.context["errors"]
    spec = catalog.category("drones")
    assert spec is not None
    assert [f.key for f in spec.fields] == ["what"]


def test_saving_a_category_is_audited_without_its_content(client, admin_user):
    login_staff(client, admin_user)
    _add_category(client, _question(0))
    event = AuditEvent.objects.get(action="admin.category.add")
    assert event.actor == admin_user
    assert "无人机" not in str(event.details)


@pytest.mark.parametrize(
    ("question", "refusal"),
    [
        ({"type": "single_choice"}, "at least one choice"),  # a choice question needs choices
        ({"key": "received_on"}, "This key is reserved"),  # staff channels add that key
    ],
)
def test_a_category_with_a_wrong_question_is_refused(client, admin_user, question, refusal):
    login_staff(client, admin_user)
    client.cookies["django_language"] = "en"
    response = _add_category(client, _question(0, **question))
    assert response.status_code == 200
    assert not Category.objects.filter(slug="drones").exists()
    assert refusal in response.content.decode()


def test_a_text_question_takes_no_choices(client, admin_user):
    login_staff(client, admin_user)
    response = _add_category(client, _question(0, choices_text="a | 甲 | A"))
    assert response.status_code == 200
    assert not Field.objects.exists()


def test_choice_values_must_differ(client, admin_user):
    login_staff(client, admin_user)
    choices = "x | 甲 | A\nx | 乙 | B"
    response = _add_category(client, _question(0, type="multiple_choice", choices_text=choices))
    assert response.status_code == 200
    assert not Field.objects.exists()


def test_reporter_data_is_not_in_the_admin(client, admin_user):
    for model in (Report, Message, Attachment, ReporterIdentity):
        assert model not in admin.site._registry
    login_staff(client, admin_user)
    page = client.get("/admin/").content.decode()
    assert "/admin/intake/category/" in page
    assert "/admin/intake/report/" not in page
    assert client.get("/admin/intake/report/").status_code == 404


def test_an_admin_can_open_a_category_with_its_questions(client, admin_user):
    category = Category.objects.create(slug="drones", name_zh="无人机", name_en="Drones")
    Field.objects.create(
        category=category, key="kind", type="single_choice", label_zh="类型", choices_text="a|甲|A"
    )
    login_staff(client, admin_user)
    response = client.get(f"/admin/intake/category/{category.pk}/change/")
    assert response.status_code == 200
    assert "甲" in response.content.decode()
