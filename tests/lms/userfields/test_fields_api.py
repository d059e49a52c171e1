"""Custom user fields: the two reads, the type lookup, saving the list and the deletion check."""

import json

import pytest
from rest_framework.test import APIClient

from lms.audit.models import Activity
from lms.userfields.models import CustomUserField, CustomUserFieldType
from tests.conftest import api_client_for
from tests.factories.userfields import CustomUserFieldFactory, CustomUserValueFactory
from tests.lms.userfields.helpers import NOT_FOUND, UNAUTHENTICATED, UNAUTHORIZED, invalid, state

pytestmark = pytest.mark.django_db

FIELDS_URL = "/api/v1/custom-user-fields/"
BY_KEY_URL = "/api/v1/custom-user-fields/by-key/"
TYPES_URL = "/api/v1/custom-user-fields/types/"
CHECK_URL = "/api/v1/custom-user-fields/deletion-check/"

VIEW = "userfields.view_customuserfield"
CHANGE = "userfields.change_customuserfield"

GENDER = {
    "type": "text",
    "label": "Gender",
    "defaultValue": None,
    "isRequired": False,
    "optionLabel": [],
    "isFieldOnRegistrationPage": False,
    "isFieldOnCertificate": True,
    "includeInReportExports": ["export-users", "export-orders"],
}
ADDRESS = {
    "type": "textarea",
    "label": "What is your home address",
    "defaultValue": None,
    "isRequired": True,
    "optionLabel": [],
    "isFieldOnRegistrationPage": True,
    "isFieldOnCertificate": False,
    "includeInReportExports": [],
}


def check(client, field):
    return client.get(CHECK_URL, {"fieldToDelete": json.dumps(field)})


def saved_fields():
    return list(
        CustomUserField.objects.order_by("position").values_list(
            "key", "label", "type", "options", "position"
        )
    )


@pytest.fixture
def seed_fields():
    gender = CustomUserFieldFactory(
        key="user_meta_key_1",
        label="Gender",
        on_certificate=True,
        report_exports=["export-users", "export-orders"],
        position=1,
    )
    address = CustomUserFieldFactory(
        key="user_meta_key_2",
        label="What is your home address",
        type=CustomUserFieldType.TEXTAREA,
        is_required=True,
        on_registration_page=True,
        position=2,
    )
    return gender, address


# --- Who may call what -------------------------------------------------------------------------

ENDPOINTS = [
    ("list", "get", FIELDS_URL, None, VIEW),
    ("by-key", "get", BY_KEY_URL, None, VIEW),
    ("types", "get", TYPES_URL, None, VIEW),
    ("update", "put", FIELDS_URL, {"fields": [{"label": "Gender", "type": "text"}]}, CHANGE),
    ("check", "get", CHECK_URL + '?fieldToDelete={"userMetaKey":"user_meta_key_1"}', None, CHANGE),
]
ROLES = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "portal_admin": (403, UNAUTHORIZED),
}


def _call(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize(
    ("method", "url", "body", "role", "status", "message"),
    [
        pytest.param(method, url, body, role, status, message, id=f"{name}-{role}")
        for name, method, url, body, _permission in ENDPOINTS
        for role, (status, message) in ROLES.items()
    ],
)
def test_refused_callers_get_the_error_and_change_nothing(
    request, seed_fields, method, url, body, role, status, message
):
    # Given saved fields and a caller without the permission
    client = APIClient() if role == "anonymous" else api_client_for(request.getfixturevalue(role))
    before = state()

    # When the caller calls the endpoint
    response = _call(client, method, url, body)

    # Then it is refused with the documented body and nothing changed
    assert response.status_code == status
    assert response.json() == message
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"), [pytest.param(*e[1:], id=e[0]) for e in ENDPOINTS]
)
def test_staff_with_exactly_the_permission_is_served(staff_api_with, method, url, body, permission):
    # Given a staff member holding only the endpoint's permission
    client = staff_api_with(permission)

    # When they call the endpoint
    response = _call(client, method, url, body)

    # Then they are served
    assert response.status_code == 200, response.json()


# --- Reads -------------------------------------------------------------------------------------


def test_the_list_has_the_seed_shape_in_order(owner_api, seed_fields):
    # Given the seed's two fields
    gender, address = seed_fields

    # When the owner reads the fields
    response = owner_api.get(FIELDS_URL)

    # Then they come as the seed writes them, in their order, with their keys
    assert response.status_code == 200
    assert response.json() == {
        "fields": [
            {"id": gender.pk, "userMetaKey": "user_meta_key_1", **GENDER},
            {"id": address.pk, "userMetaKey": "user_meta_key_2", **ADDRESS},
        ]
    }


def test_the_fields_keyed_by_user_meta_key(owner_api, seed_fields):
    # Given the seed's two fields
    gender, address = seed_fields

    # When the owner reads the keyed form
    response = owner_api.get(BY_KEY_URL)

    # Then each field sits under its key
    assert response.status_code == 200
    assert response.json() == {
        "fields": {
            "user_meta_key_1": {"id": gender.pk, "userMetaKey": "user_meta_key_1", **GENDER},
            "user_meta_key_2": {"id": address.pk, "userMetaKey": "user_meta_key_2", **ADDRESS},
        }
    }


def test_the_type_lookup_comes_from_the_model_choices(owner_api):
    response = owner_api.get(TYPES_URL)

    assert response.status_code == 200
    assert response.json() == [
        {"db_value": "text", "display_value": "Text Field"},
        {"db_value": "textarea", "display_value": "Text Area"},
        {"db_value": "date", "display_value": "Date"},
        {"db_value": "radio", "display_value": "Single Select"},
        {"db_value": "checkbox", "display_value": "Multiple Select"},
        {"db_value": "dropdown", "display_value": "Drop Down"},
    ]


# --- Update ------------------------------------------------------------------------------------


class TestUpdateFields:
    def test_updates_adds_reorders_and_deletes(self, owner_api, seed_fields):
        # Given the seed's two fields and a third nobody answered
        gender, address = seed_fields
        CustomUserFieldFactory(key="unused", label="Unused", position=3)

        # When the owner saves: address first (relabelled), gender second, a new dropdown, no "unused"
        payload = {
            "fields": [
                {**ADDRESS, "id": address.pk, "label": "Home address"},
                {**GENDER, "userMetaKey": "user_meta_key_1"},
                {
                    "label": "Department",
                    "type": "dropdown",
                    "optionsLabel": ["Sales", "IT"],
                    "defaultValue": "IT",
                },
            ]
        }
        response = owner_api.put(FIELDS_URL, payload, format="json")

        # Then the documented message comes back and the list is saved as sent
        assert response.status_code == 200, response.json()
        assert response.json() == {"message": "Fields updated successfully"}
        assert saved_fields() == [
            ("user_meta_key_2", "Home address", "textarea", [], 1),
            ("user_meta_key_1", "Gender", "text", [], 2),
            ("custom_field_1", "Department", "dropdown", ["Sales", "IT"], 3),
        ]
        assert CustomUserField.objects.get(key="custom_field_1").default_value == "IT"
        assert (
            Activity.objects.filter(subject_kind="Custom User Field").count() == 4
        )  # 2 updates, add, delete

    @pytest.mark.parametrize(
        ("field", "errors"),
        [
            (
                {"label": "Colour", "type": "radio", "optionLabel": []},
                {"fields.0.optionLabel": ["A select field needs at least one option."]},
            ),
            (
                {"label": "Colour", "type": "text", "optionLabel": ["Red"]},
                {"fields.0.optionLabel": ["Only select fields (radio, checkbox, dropdown) have options."]},
            ),
            (
                {"label": "Colour", "type": "radio", "optionLabel": ["Red", "red"]},
                {"fields.0.optionLabel": ["The options must be different from each other."]},
            ),
            (
                {"label": "Colour", "type": "dropdown", "optionLabel": ["Red"], "defaultValue": "Blue"},
                {"fields.0.defaultValue": ["Colour: 'Blue' is not one of Red."]},
            ),
            (
                {"label": "Born", "type": "date", "defaultValue": "31/01/2000"},
                {"fields.0.defaultValue": ["Born: '31/01/2000' is not a date such as 2024-01-31."]},
            ),
            ({"label": "Colour", "type": "colour"}, {"fields.0.type": ['"colour" is not a valid choice.']}),
            ({"type": "text"}, {"fields.0.label": ["This field is required."]}),
            (
                {"label": "X", "type": "text", "includeInReportExports": ["export-everything"]},
                {"fields.0.includeInReportExports.0": ['"export-everything" is not a valid choice.']},
            ),
        ],
        ids=[
            "no-options",
            "options-on-text",
            "same-options",
            "bad-default",
            "bad-date",
            "bad-type",
            "no-label",
            "bad-export",
        ],
    )
    def test_a_bad_field_is_422_and_nothing_changes(self, owner_api, seed_fields, field, errors):
        before = state()

        response = owner_api.put(FIELDS_URL, {"fields": [field]}, format="json")

        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert state() == before

    def test_a_field_users_answered_is_not_deleted(self, owner_api, seed_fields):
        # Given a user answered the gender field
        gender, address = seed_fields
        CustomUserValueFactory(field=gender, value="F")
        before = state()

        # When the owner saves a list without it
        response = owner_api.put(FIELDS_URL, {"fields": [{**ADDRESS, "id": address.pk}]}, format="json")

        # Then the request is refused with the reason, and nothing changed
        assert response.status_code == 422
        assert response.json() == invalid(
            {
                "fields": [
                    "Gender: This field can not be deleted as some user data is associated with it. "
                    "Please contact administrator."
                ]
            }
        )
        assert state() == before

    def test_the_type_of_an_answered_field_is_kept(self, owner_api, seed_fields):
        gender, _ = seed_fields
        CustomUserValueFactory(field=gender, value="F")
        before = state()

        response = owner_api.put(
            FIELDS_URL, {"fields": [{**GENDER, "id": gender.pk, "type": "date"}]}, format="json"
        )

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "fields.0.type": ["The type of a field users have answered cannot be changed."]
        }
        assert state() == before

    @pytest.mark.parametrize(
        ("body", "errors"),
        [
            ({"fields": "not json"}, {"fields": ["Expected a JSON list of fields."]}),
            ({}, {"fields": ["This field is required."]}),
            ({"fields": [{**GENDER, "id": 999999}]}, {"fields.0.id": ["No custom user field has this id."]}),
        ],
        ids=["bad-json", "missing", "unknown-id"],
    )
    def test_a_bad_body_is_422(self, owner_api, seed_fields, body, errors):
        before = state()

        response = owner_api.put(FIELDS_URL, body, format="json")

        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert state() == before

    def test_the_list_may_come_as_json_text(self, owner_api):
        response = owner_api.put(FIELDS_URL, {"fields": json.dumps([GENDER])}, format="json")

        assert response.status_code == 200
        assert saved_fields() == [("custom_field_1", "Gender", "text", [], 1)]


# --- Deletion check ----------------------------------------------------------------------------


class TestDeletionCheck:
    def test_a_field_in_use_cannot_be_deleted_and_the_check_says_why(self, owner_api, seed_fields):
        gender, _ = seed_fields
        CustomUserValueFactory(field=gender, value="F")

        response = check(
            owner_api,
            {
                "userMetaKey": "user_meta_key_1",
                "label": "Gender",
                "type": "text",
                "isRequired": False,
                "optionsLabel": [],
            },
        )

        assert response.status_code == 200
        assert response.json() == {
            "canDeleteField": False,
            "message": "This field can not be deleted as some user data is associated with it. "
            "Please contact administrator.",
            "certificateTemplates": [],
        }

    @pytest.mark.parametrize("key", ["user_meta_key_2", "not_saved_yet"])
    def test_an_unanswered_or_unsaved_field_can_be_deleted(self, owner_api, seed_fields, key):
        response = check(owner_api, {"userMetaKey": key})

        assert response.status_code == 200
        assert response.json() == {
            "canDeleteField": True,
            "message": "This field can be deleted.",
            "certificateTemplates": [],
        }

    def test_the_seed_example_with_its_full_stop_is_understood(self, owner_api, seed_fields):
        response = owner_api.get(
            CHECK_URL,
            {
                "fieldToDelete": '{"userMetaKey":"dob","label":"Date Of Birth","type":"date","isRequired":false,'
                '"optionsLabel":[]}.'
            },
        )

        assert response.status_code == 200
        assert response.json()["canDeleteField"] is True

    @pytest.mark.parametrize(
        ("value", "errors"),
        [
            ("{not json", {"fieldToDelete": ['Must be a JSON object, e.g. {"key": "value"}.']}),
            ('{"label": "Gender"}', {"fieldToDelete": ["Name the field by its userMetaKey (or id)."]}),
            ('{"userMetaKey": ["a"]}', {"fieldToDelete": ["userMetaKey must be text."]}),
        ],
    )
    def test_a_bad_field_to_delete_is_422(self, owner_api, value, errors):
        response = owner_api.get(CHECK_URL, {"fieldToDelete": value})

        assert response.status_code == 422
        assert response.json() == invalid(errors)

    def test_missing_field_to_delete_is_422(self, owner_api):
        response = owner_api.get(CHECK_URL)

        assert response.status_code == 422
        assert response.json() == invalid({"fieldToDelete": ["This field is required."]})


def test_not_found_body_is_the_toolkits(owner_api):
    # The deletion check names fields by key; an unknown upload status is the toolkit's 404.
    response = owner_api.get("/api/v1/users/bulk-upload/999999/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
