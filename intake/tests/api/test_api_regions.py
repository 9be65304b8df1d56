import pytest

from accounts.models import Region

pytestmark = pytest.mark.django_db
URL = "/api/v1/regions"


def test_it_lists_provinces_with_their_cities_nested(client, regions):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "110000",
            "name": "北京市",
            "children": [{"code": "110100", "name": "北京城区", "children": []}],
        },
        {"code": "310000", "name": "上海市", "children": []},
    ]


def test_names_follow_accept_language(client, regions):
    names = [r["name"] for r in client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()]
    assert names == ["Beijing", "Shanghai"]


def test_three_levels_nest(client, regions):
    Region.objects.create(code="110101", name_zh="东城区", parent_id="110100", level=3)
    beijing = client.get(URL).json()[0]
    assert beijing["children"][0]["children"][0]["code"] == "110101"


def test_an_empty_hierarchy_is_an_empty_list(client):
    assert client.get(URL).json() == []


def test_it_takes_one_query_however_many_regions(client, regions, django_assert_num_queries):
    for i in range(20):
        Region.objects.create(code=f"3101{i:02d}", name_zh=f"区{i}", parent_id="310000", level=2)
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert len(response.json()[1]["children"]) == 20


def test_other_methods_are_not_allowed(client):
    assert client.post(URL, {}, content_type="application/json").status_code == 405
