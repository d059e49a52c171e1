import pytest

pytestmark = pytest.mark.django_db


def test_owner_creates_a_category(owner_api):
    response = owner_api.post(
        "/api/v1/categories/", {"category_name": "x", "categoryType": "course"}, format="json"
    )
    assert response.status_code == 200
