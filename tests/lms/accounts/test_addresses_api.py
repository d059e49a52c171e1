"""User addresses: insert, get, update, billing and shipping lists, the default of each type."""

import pytest
from django.db import IntegrityError, transaction

from lms.accounts.models import Address
from tests.conftest import api_client_for
from tests.factories.accounts import AddressFactory
from tests.lms.accounts.conftest import NOT_FOUND, UNAUTHENTICATED, UNAUTHORIZED, USER_PERMISSIONS, state

pytestmark = pytest.mark.django_db

INSERT_URL = "/api/v1/users/addresses/"
SEED_INSERT = {
    "fullName": "John Doe",
    "orgName": "Acme Corp",
    "orgVatId": "VAT12345",
    "addressLine1": "Boring Street",
    "addressLine2": "Awesome Colony",
    "zipcode": "123456",
    "city": "Mumbai",
    "state": "NY",
    "country": "US",
    "isDefault": True,
    "type": "billing",
}
SEED_UPDATE = {
    "fullName": "John Doe",
    "orgName": "ABC Company",
    "orgVatId": "1234567890",
    "addressLine1": "Boring Street",
    "addressLine2": "Awesome Colony",
    "zipcode": "123456",
    "city": "Mumbai",
    "state": "MH",
    "country": "IN",
    "isDefault": "true",
}
ADDRESS_KEYS = {
    "id",
    "isDefault",
    "fullName",
    "orgName",
    "orgVatId",
    "addressLine1",
    "addressLine2",
    "zipcode",
    "city",
    "state",
    "country",
}


def address_url(pk):
    return f"/api/v1/users/addresses/{pk}/"


def test_insert_addresses_keeps_one_default_per_type(portal_admin_api, people):
    alice = people["alice"]
    old_default = AddressFactory(user=alice, is_default=True)
    shipping_default = AddressFactory(user=alice, type="shipping", is_default=True)
    response = portal_admin_api.post(INSERT_URL, {**SEED_INSERT, "userId": alice.pk}, format="json")
    assert (response.status_code, response.json()) == (201, {"message": "Address added successfully"})
    new = Address.objects.latest("pk")
    assert (new.user, new.type, new.is_default, new.org_vat_id) == (alice, "billing", True, "VAT12345")
    old_default.refresh_from_db()
    shipping_default.refresh_from_db()
    assert old_default.is_default is False
    assert shipping_default.is_default is True


def test_a_shipping_address_may_name_its_billing_address(user_admin_api, people):
    alice = people["alice"]
    billing = AddressFactory(user=alice)
    response = user_admin_api.post(
        INSERT_URL,
        {
            **SEED_INSERT,
            "userId": str(alice.pk),
            "type": "shipping_address",
            "billing_address_id": billing.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert Address.objects.get(type="shipping").billing_address == billing
    other = AddressFactory(user=people["bob"])
    before = state()
    refused = user_admin_api.post(
        INSERT_URL, {**SEED_INSERT, "userId": alice.pk, "billing_address_id": other.pk}, format="json"
    )
    assert refused.status_code == 422 and "billing_address_id" in refused.json()["errors"]
    assert state() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "postal"}, "type"),
        ({"fullName": ""}, "fullName"),
        ({"isDefault": "perhaps"}, "isDefault"),
        ({"userId": "abc"}, "userId"),
        ({"country": None}, "country"),
    ],
)
def test_insert_refuses_bad_input(user_admin_api, people, change, field):
    before = state()
    response = user_admin_api.post(
        INSERT_URL, {**SEED_INSERT, "userId": people["alice"].pk, **change}, format="json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert state() == before


def test_the_database_holds_one_default_per_user_and_type(people):
    AddressFactory(user=people["alice"], is_default=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(user=people["alice"], is_default=True)


def test_get_and_list_addresses_in_the_seed_shape(portal_admin_api, people):
    alice = people["alice"]
    billing = AddressFactory(user=alice, is_default=True)
    AddressFactory(user=alice, type="shipping", org_name="Acme Inc.")
    one = portal_admin_api.get(address_url(billing.pk))
    assert one.status_code == 200
    assert set(one.json()) >= ADDRESS_KEYS
    assert one.json()["isDefault"] is True and one.json()["city"] == "Mumbai"
    billings = portal_admin_api.get(f"/api/v1/users/{alice.pk}/billing-addresses/").json()
    assert [a["id"] for a in billings] == [billing.pk]
    shippings = portal_admin_api.get(f"/api/v1/users/{alice.pk}/shipping-addresses/").json()
    assert [a["orgName"] for a in shippings] == ["Acme Inc."]


def test_the_default_address_of_each_type(user_admin_api, people):
    alice = people["alice"]
    AddressFactory(user=alice)
    billing = AddressFactory(user=alice, is_default=True)
    shipping = AddressFactory(user=alice, type="shipping", is_default=True)
    url = f"/api/v1/users/{alice.pk}/default-address/"
    assert user_admin_api.get(url).json()["id"] == billing.pk
    assert user_admin_api.get(url, {"type": "billing_address"}).json()["id"] == billing.pk
    assert user_admin_api.get(url, {"type": "shipping_address"}).json()["id"] == shipping.pk
    assert user_admin_api.get(url, {"type": "other"}).status_code == 422
    none = user_admin_api.get(f"/api/v1/users/{people['bob'].pk}/default-address/")
    assert (none.status_code, none.json()) == (404, NOT_FOUND)


def test_update_an_address_makes_it_the_default(user_admin_api, people):
    alice = people["alice"]
    previous = AddressFactory(user=alice, is_default=True)
    address = AddressFactory(user=alice)
    response = user_admin_api.put(
        address_url(address.pk), {**SEED_UPDATE, "userId": str(alice.pk)}, format="json"
    )
    assert (response.status_code, response.json()) == (200, {"message": "Address updated successfully"})
    address.refresh_from_db()
    previous.refresh_from_db()
    assert (address.is_default, address.org_name, address.state) == (True, "ABC Company", "MH")
    assert previous.is_default is False


def test_update_refuses_bad_input(user_admin_api, people):
    address = AddressFactory(user=people["alice"])
    before = state()
    response = user_admin_api.put(
        address_url(address.pk), {**SEED_UPDATE, "zipcode": "", "userId": people["alice"].pk}, format="json"
    )
    assert response.status_code == 422 and "zipcode" in response.json()["errors"]
    assert state() == before


def test_addresses_of_another_portal_are_hidden_from_a_portal_admin(portal_admin_api, people):
    carol_address = AddressFactory(user=people["carol"])
    alice_address = AddressFactory(user=people["alice"])
    before = state()
    carol = people["carol"].pk
    for response in (
        portal_admin_api.get(address_url(carol_address.pk)),
        portal_admin_api.put(address_url(carol_address.pk), {**SEED_UPDATE, "userId": carol}, format="json"),
        # Moving one's own portal's address to a hidden user is refused too.
        portal_admin_api.put(address_url(alice_address.pk), {**SEED_UPDATE, "userId": carol}, format="json"),
        portal_admin_api.post(INSERT_URL, {**SEED_INSERT, "userId": carol}, format="json"),
        portal_admin_api.get(f"/api/v1/users/{carol}/billing-addresses/"),
        portal_admin_api.get(f"/api/v1/users/{carol}/shipping-addresses/"),
        portal_admin_api.get(f"/api/v1/users/{carol}/default-address/"),
    ):
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert state() == before


@pytest.mark.parametrize("role", ["anonymous", "learner", "staff_without_permissions", "viewer"])
def test_refused_callers(request, people, staff_api_with, role):
    address = AddressFactory(user=people["alice"])
    if role == "viewer":
        client = staff_api_with("accounts.view_user")
    else:
        client = api_client_for(None if role == "anonymous" else request.getfixturevalue(role))
    expected = (401, UNAUTHENTICATED) if role == "anonymous" else (403, UNAUTHORIZED)
    before = state()
    writes = [
        client.post(INSERT_URL, {**SEED_INSERT, "userId": people["alice"].pk}, format="json"),
        client.put(address_url(address.pk), {**SEED_UPDATE, "userId": people["alice"].pk}, format="json"),
    ]
    reads = [
        client.get(address_url(address.pk)),
        client.get(f"/api/v1/users/{people['alice'].pk}/billing-addresses/"),
        client.get(f"/api/v1/users/{people['alice'].pk}/shipping-addresses/"),
        client.get(f"/api/v1/users/{people['alice'].pk}/default-address/"),
    ]
    for response in writes + ([] if role == "viewer" else reads):
        assert (response.status_code, response.json()) == expected
    assert state() == before
    assert USER_PERMISSIONS  # the full set is exercised in test_users_api
