import pytest

from rewards.models import Award
from tipline.test import api_token_for

from .helpers import closed_case, propose, tier

pytestmark = pytest.mark.django_db
URL = "/api/v1/staff/rewards"


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(user)}"}


def body(case, report, **extra):
    data = {
        "case": case.number,
        "tier": tier().code,
        "amount": "3000",
        "reports": [{"report": str(report.pk)}],
        "checklist": {"specific_lead": True, "new_to_agency": True, "verified_useful": True},
        "justification": "named the courier",
    }
    return data | extra


def test_an_analyst_proposes_over_the_api(client, analyst_a):
    case, reports, _ = closed_case(analyst_a)
    response = client.post(
        URL, body(case, reports[0]), content_type="application/json", **auth(analyst_a)
    )
    assert response.status_code == 201
    assert response.json()["status"] == "proposed"
    assert Award.objects.get().amount == 3000


def test_a_refused_proposal_is_422_with_the_field(client, analyst_a):
    case, reports, _ = closed_case(analyst_a, outcome="false")
    response = client.post(
        URL, body(case, reports[0]), content_type="application/json", **auth(analyst_a)
    )
    assert response.status_code == 422
    assert not Award.objects.exists()


def test_another_units_case_is_404_and_other_roles_403(client, analyst_a, analyst_b, auditor):
    case, reports, _ = closed_case(analyst_a)
    data = body(case, reports[0])
    response = client.post(URL, data, content_type="application/json", **auth(analyst_b))
    assert response.status_code == 404
    response = client.post(URL, data, content_type="application/json", **auth(auditor))
    assert response.status_code == 403


def test_the_list_shows_only_my_units_awards(client, analyst_a, reward_officer_a, analyst_b):
    case, reports, _ = closed_case(analyst_a)
    propose(case, analyst_a, reports)
    assert len(client.get(URL, **auth(reward_officer_a)).json()) == 1
    assert client.get(URL, **auth(analyst_b)).json() == []
