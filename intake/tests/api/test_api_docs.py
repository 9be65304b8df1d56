import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_page_loads_only_our_own_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
