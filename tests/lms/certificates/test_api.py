"""Certificate templates API: the tabular list, create, retrieve, update, quick edit, clone, lookups."""

import json
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity, ActivityAction
from lms.certificates.models import CertificateTemplate
from lms.media.models import MediaFile
from tests.conftest import api_client_for
from tests.factories import PortalFactory, StaffFactory, UserFactory
from tests.factories.certificates import COURSE_NAME_FIELD, CertificateTemplateFactory
from tests.lms.certificates.conftest import png_upload

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/certificates/templates/"
QUICK_EDIT_URL = "/api/v1/certificates/templates/quick-edit/"
CLONE_URL = "/api/v1/certificates/templates/clone/"
FIELD_KEYS_URL = "/api/v1/certificates/field-keys/lookup/"
FONTS_URL = "/api/v1/certificates/font-families/lookup/"

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."

VIEW = "certificates.view_certificatetemplate"
ADD = "certificates.add_certificatetemplate"
CHANGE = "certificates.change_certificatetemplate"
DELETE = "certificates.delete_certificatetemplate"
PERMISSIONS = [VIEW, ADD, CHANGE, DELETE]

# The seed's Retrieve sample: the shape authors send and read back.
SEED_FIELD = dict(COURSE_NAME_FIELD, font_family="Arial")
SEED_PAYLOAD = {
    "name": "Completion-Certificate",
    "height": 680,
    "width": 1075,
    "fields": [SEED_FIELD],
}


def detail_url(pk):
    return f"/api/v1/certificates/templates/{pk}/"


def local(*args):
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def state():
    """Everything a refused or invalid request must leave untouched."""
    return (
        list(CertificateTemplate.objects.order_by("pk").values()),
        MediaFile.objects.count(),
        Activity.objects.count(),
    )


def listing(client, **params):
    query = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    return client.get(LIST_URL, query)


def invalid(response):
    assert response.status_code == 422, response.content
    assert response.json()["message"] == INVALID
    return response.json()["errors"]


# --- Who may call what -------------------------------------------------------------------------

ENDPOINTS = [
    ("list", "get", LIST_URL, None, VIEW),
    ("create", "post", LIST_URL, SEED_PAYLOAD, ADD),
    ("retrieve", "get", "/api/v1/certificates/templates/{pk}/", None, VIEW),
    ("update", "put", "/api/v1/certificates/templates/{pk}/", SEED_PAYLOAD, CHANGE),
    ("quick_edit", "post", QUICK_EDIT_URL, {"template_ids": "[{pk}]", "author_id": "{author}"}, CHANGE),
    ("clone", "post", CLONE_URL, {"templateId": "{pk}"}, ADD),
    ("field_keys", "get", FIELD_KEYS_URL, None, VIEW),
    ("font_families", "get", FONTS_URL, None, VIEW),
    ("preview", "get", "/api/v1/certificates/templates/{pk}/preview/", None, VIEW),
]

REFUSED_ROLES = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "staff_with_the_other_permissions": (403, UNAUTHORIZED),
    "portal_admin": (403, UNAUTHORIZED),
}


def _call(client, method, url, body, pk, author=0):
    url = url.format(pk=pk)
    if body is None:
        return getattr(client, method)(url)
    payload = {
        key: value.format(pk=pk, author=author) if isinstance(value, str) else value
        for key, value in body.items()
    }
    return getattr(client, method)(url, payload, format="json")


@pytest.fixture
def client_as(request, staff_api_with):
    def make(role, permission):
        if role == "anonymous":
            return APIClient()
        if role == "staff_with_the_other_permissions":
            return staff_api_with(*[p for p in PERMISSIONS if p != permission])
        return api_client_for(request.getfixturevalue(role))

    return make


@pytest.mark.parametrize(
    ("method", "url", "body", "permission", "role", "status", "message"),
    [
        pytest.param(method, url, body, permission, role, status, message, id=f"{name}-{role}")
        for name, method, url, body, permission in ENDPOINTS
        for role, (status, message) in REFUSED_ROLES.items()
    ],
)
def test_refused_callers_get_the_error_and_change_nothing(
    client_as, method, url, body, permission, role, status, message
):
    # Given a template and a caller who lacks the endpoint's permission
    template = CertificateTemplateFactory()
    author = StaffFactory()
    client = client_as(role, permission)
    before = state()

    # When the caller calls the endpoint
    response = _call(client, method, url, body, template.pk, author.pk)

    # Then the request is refused with the documented body, and nothing changed
    assert response.status_code == status
    assert response.json() == message
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"),
    [pytest.param(*endpoint[1:5], id=endpoint[0]) for endpoint in ENDPOINTS],
)
def test_staff_holding_exactly_the_endpoint_permission_is_served(
    staff_api_with, method, url, body, permission
):
    # Given a template and a staff member holding only the endpoint's permission
    template = CertificateTemplateFactory()
    author = StaffFactory()

    # When they call the endpoint
    response = _call(staff_api_with(permission), method, url, body, template.pk, author.pk)

    # Then they are served
    assert response.status_code == 200, response.content


# --- Tabular list ------------------------------------------------------------------------------


class TestTemplateList:
    def test_rows_have_the_documented_shape(self, owner_api):
        # Given a template by a known author, created at a known moment
        author = StaffFactory(first_name="Aom", last_name="Staff")
        template = CertificateTemplateFactory(name="cert 1", slug="cert-1", author=author)
        CertificateTemplate.objects.filter(pk=template.pk).update(created_at=local(2020, 8, 3, 9, 8))

        # When the owner lists templates as the seed does
        response = listing(
            owner_api,
            page_size=50,
            page_number=1,
            order_by={"colName": "created_at", "direction": "desc"},
            search_param={"templateName": "cert"},
        )

        # Then the envelope and the row are exactly as documented
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 1,
            "recordsFiltered": 1,
            "records": [
                {
                    "id": template.pk,
                    "name": "cert 1",
                    "slug": "cert-1",
                    "status": "publish",
                    "categories": "",
                    "author": "Aom Staff",
                    "created_at": "03 Aug 2020 09:08 AM",
                }
            ],
        }

    def test_search_by_name_and_order_by_name(self, owner_api):
        # Given three templates
        for name in ("Gold", "Silver", "Golden Week"):
            CertificateTemplateFactory(name=name)

        # When the owner searches "gold" ordered by name descending
        response = listing(
            owner_api,
            search_param={"templateName": "gold"},
            order_by={"colName": "name", "direction": "desc"},
        )

        # Then the matching templates come in that order, and the total counts all
        body = response.json()
        assert [row["name"] for row in body["records"]] == ["Golden Week", "Gold"]
        assert (body["recordsTotal"], body["recordsFiltered"]) == (3, 2)

    def test_course_id_lists_the_templates_the_course_offers(self, owner_api):
        from tests.factories.courses import CourseFactory

        # Given a course offering one of two templates
        offered, _other = CertificateTemplateFactory(name="Offered"), CertificateTemplateFactory(name="Other")
        course = CourseFactory()
        course.certificate_templates.add(offered)

        # When the owner filters by the course, as the seed does (id as text)
        response = listing(owner_api, search_param={"templateName": "", "courseId": str(course.pk)})

        # Then only the offered template is listed
        assert [row["name"] for row in response.json()["records"]] == ["Offered"]

    def test_a_course_no_template_is_offered_in_lists_nothing(self, owner_api):
        # Given a template
        CertificateTemplateFactory()

        # When the owner filters by a course id that offers no template
        response = listing(owner_api, search_param={"courseId": "999999"})

        # Then nothing matches
        assert response.status_code == 200
        assert response.json()["recordsFiltered"] == 0

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"search_param": {"courseId": "abc"}}, "search_param.courseId"),
            ({"search_param": {"author": "x"}}, "search_param"),
            ({"order_by": {"colName": "fields", "direction": "asc"}}, "order_by"),
            ({"page_size": 0}, "page_size"),
        ],
    )
    def test_bad_parameters_are_422(self, owner_api, params, field):
        response = listing(owner_api, **params)
        assert list(invalid(response)) == [field]

    def test_portal_id_narrows_the_list_to_that_portal(self, owner_api):
        # Given a template in each of two portals and one of the academy
        first, second = PortalFactory(name="Acme"), PortalFactory(name="Globex")
        CertificateTemplateFactory(name="Acme cert", portal=first)
        CertificateTemplateFactory(name="Globex cert", portal=second)
        CertificateTemplateFactory(name="Academy cert")

        # When the owner lists the first portal's templates
        response = listing(owner_api, portalId=first.pk)

        # Then only its template is listed
        assert [row["name"] for row in response.json()["records"]] == ["Acme cert"]

    def test_the_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        # Given twenty templates, each by its own author
        for index in range(20):
            CertificateTemplateFactory(name=f"cert-{index:02}", author=StaffFactory(password=None))
        search = {"search_param": {"templateName": "cert"}}
        listing(owner_api, page_size=1)  # warm up

        # When a page of one and a page of fifty are listed
        one, small = count_queries(lambda: listing(owner_api, page_size=1, **search))
        fifty, large = count_queries(lambda: listing(owner_api, page_size=50, **search))

        # Then both pages cost the same number of queries
        assert len(one.json()["records"]) == 1
        assert len(fifty.json()["records"]) == 20
        assert small == large


# --- Create ------------------------------------------------------------------------------------


class TestCreateTemplate:
    def test_the_seed_shape_creates_a_template_and_logs_it(self, owner, owner_api):
        # When the owner sends the seed's fields
        response = owner_api.post(LIST_URL, SEED_PAYLOAD, format="json")

        # Then the template exists with the documented answer, normalised fields and an audit row
        assert response.status_code == 200, response.content
        template = CertificateTemplate.objects.get()
        assert response.json() == {"id": template.pk, "message": "Certificate Template created successfully"}
        assert (template.name, template.slug, template.width, template.height) == (
            "Completion-Certificate",
            "completion-certificate",
            1075,
            680,
        )
        assert template.orientation == "landscape"
        assert template.status == "publish"
        assert template.author == owner
        assert template.fields == [dict(COURSE_NAME_FIELD, font_family="Lato")]  # "Arial" is Lato's label
        activity = Activity.objects.get(action=ActivityAction.CREATED)
        assert activity.subject_id == str(template.pk)
        assert activity.changes["attributes"]["name"] == "Completion-Certificate"

    def test_a_portrait_page_with_expiry_and_a_library_background(self, owner_api, library_image):
        # Given an image of the media library
        payload = {
            **SEED_PAYLOAD,
            "width": 680,
            "height": 1075,
            "organization_id": str(PortalFactory().pk),
            "bg_url": "http://testserver" + library_image.file.url,
            "expiry_type": "months",
            "expiry_value": 12,
            "status": "draft",
        }

        # When the owner creates a portrait template on it
        response = owner_api.post(LIST_URL, payload, format="json")

        # Then the page, background, portal and expiry are kept
        assert response.status_code == 200, response.content
        template = CertificateTemplate.objects.get()
        assert template.orientation == "portrait"
        assert template.background == library_image
        assert template.portal_id == int(payload["organization_id"])
        assert (template.expiry_type, template.expiry_value, template.status) == ("months", 12, "draft")

    def test_an_uploaded_background_goes_through_the_media_library(self, owner_api):
        # When the owner uploads a background with the template (multipart: fields as JSON text)
        payload = {
            **SEED_PAYLOAD,
            "fields": json.dumps(SEED_PAYLOAD["fields"]),
            "background_file": png_upload(),
        }
        response = owner_api.post(LIST_URL, payload, format="multipart")

        # Then the image is a media file of kind image, used as the background
        assert response.status_code == 200, response.content
        template = CertificateTemplate.objects.get()
        assert template.background.kind == "image"
        assert template.background.file.storage.exists(template.background.file.name)

    def test_a_file_that_lies_about_being_an_image_is_refused_and_nothing_stays(self, owner_api, settings):
        # Given text named like a PNG
        fake = SimpleUploadedFile("background.png", b"just some text, not an image", "image/png")
        before = state()

        # When the owner uploads it as the background
        payload = {**SEED_PAYLOAD, "fields": json.dumps(SEED_PAYLOAD["fields"]), "background_file": fake}
        response = owner_api.post(LIST_URL, payload, format="multipart")

        # Then it is refused, no template or media row exists and no file was stored
        assert "background_file" in invalid(response)
        assert state() == before
        media_root = settings.MEDIA_ROOT
        assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"fields": ["est"]}, "fields.0"),  # the seed's placeholder sample
            ({"fields": [dict(SEED_FIELD, key="favourite_colour")]}, "fields.0.key"),
            ({"fields": [dict(SEED_FIELD, font_family="Comic Sans")]}, "fields.0.font_family"),
            ({"fields": [dict(SEED_FIELD, font_color="red; background: url(x)")]}, "fields.0.font_color"),
            ({"fields": [dict(SEED_FIELD, top=5000)]}, "fields.0.top"),
            ({"fields": [{"key": "custom_text", "value": " "}]}, "fields.0.value"),
            ({"fields": "not json"}, "fields"),
            ({"width": 10}, "width"),
            ({"orientation": "portrait"}, "orientation"),
            ({"expiry_type": "days"}, "expiry_value"),
            ({"expiry_type": "fixed_date"}, "expiry_date"),
            ({"organization_id": 999999}, "organization_id"),
            ({"bg_url": "https://example.org/elsewhere.png"}, "bg_url"),
            ({"background_media_id": 999999}, "background_media_id"),
            ({"name": ""}, "name"),
        ],
    )
    def test_bad_input_is_422_and_writes_nothing(self, owner_api, change, field):
        before = state()
        response = owner_api.post(LIST_URL, {**SEED_PAYLOAD, **change}, format="json")
        assert field in invalid(response)
        assert state() == before

    def test_a_background_that_is_not_an_image_is_refused(self, owner, owner_api):
        # Given a PDF in the media library
        from lms.media.services import media_create

        pdf = media_create(
            actor=owner, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        )
        before = state()

        # When the owner picks it as a background
        response = owner_api.post(LIST_URL, {**SEED_PAYLOAD, "background_media_id": pdf.pk}, format="json")

        # Then it is refused
        assert "background_media_id" in invalid(response)
        assert state() == before

    def test_names_get_unique_slugs(self, owner_api):
        owner_api.post(LIST_URL, SEED_PAYLOAD, format="json")
        owner_api.post(LIST_URL, SEED_PAYLOAD, format="json")
        assert sorted(CertificateTemplate.objects.values_list("slug", flat=True)) == [
            "completion-certificate",
            "completion-certificate-2",
        ]


# --- Retrieve ----------------------------------------------------------------------------------


class TestRetrieveTemplate:
    def test_the_documented_shape(self, owner_api):
        # Given the seed's template in a portal
        portal = PortalFactory()
        template = CertificateTemplateFactory(name="Completion-Certificate", portal=portal)

        # When the owner retrieves it
        response = owner_api.get(detail_url(template.pk))

        # Then the seed's keys carry the seed's values
        assert response.status_code == 200
        body = response.json()
        assert {key: body[key] for key in ("id", "name", "organization_id", "height", "width", "fields")} == {
            "id": template.pk,
            "name": "Completion-Certificate",
            "organization_id": portal.pk,
            "height": 680,
            "width": 1075,
            "fields": [COURSE_NAME_FIELD],
        }
        assert body["bg_url"] is None
        assert (body["orientation"], body["expiry_type"], body["status"]) == ("landscape", "never", "publish")

    def test_the_background_url_reads_back_and_can_be_sent_again(self, owner_api, library_image):
        template = CertificateTemplateFactory(background=library_image)
        body = owner_api.get(detail_url(template.pk)).json()
        assert body["bg_url"] == "http://testserver" + library_image.file.url
        assert body["background_media_id"] == library_image.pk

        # Sending the read-back shape again keeps the background
        payload = {key: body[key] for key in ("name", "height", "width", "fields", "bg_url")}
        assert owner_api.put(detail_url(template.pk), payload, format="json").status_code == 200
        template.refresh_from_db()
        assert template.background == library_image

    def test_an_unknown_template_is_404(self, owner_api):
        response = owner_api.get(detail_url(999999))
        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_a_template_outside_the_selected_portal_is_404(self, owner_api):
        template = CertificateTemplateFactory(portal=PortalFactory())
        other = PortalFactory()
        response = owner_api.get(detail_url(template.pk), {"portalId": other.pk})
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- Update ------------------------------------------------------------------------------------


class TestUpdateTemplate:
    def test_the_seed_shape_updates_and_logs_what_changed(self, owner_api):
        # Given a template
        template = CertificateTemplateFactory(name="Old")
        moved = dict(SEED_FIELD, top=100, left=20, font_size=32, align_center=True)
        payload = {**SEED_PAYLOAD, "name": "Renewed", "fields": [moved], "expiry_type": "fixed_date"}
        payload["expiry_date"] = "2030-01-31"

        # When the owner updates it
        response = owner_api.put(detail_url(template.pk), payload, format="json")

        # Then the documented message comes back and the changes are kept and logged
        assert response.status_code == 200, response.content
        assert response.json() == {"message": "Certificate Template updated successfully"}
        template.refresh_from_db()
        assert (template.name, template.slug) == ("Renewed", "renewed")
        assert template.fields == [dict(moved, font_family="Lato")]
        assert str(template.expiry_date) == "2030-01-31"
        activity = Activity.objects.get(action=ActivityAction.UPDATED)
        assert activity.changes["old"]["name"] == "Old"

    def test_bad_input_is_422_and_changes_nothing(self, owner_api):
        template = CertificateTemplateFactory()
        before = state()
        response = owner_api.put(
            detail_url(template.pk), {**SEED_PAYLOAD, "fields": [dict(SEED_FIELD, width=0)]}, format="json"
        )
        assert "fields.0.width" in invalid(response)
        assert state() == before

    def test_an_unknown_template_is_404(self, owner_api):
        response = owner_api.put(detail_url(999999), SEED_PAYLOAD, format="json")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- Quick edit --------------------------------------------------------------------------------


class TestQuickEdit:
    def test_sets_the_author_of_every_selected_template(self, owner_api):
        # Given three templates and a staff member
        first, second, third = CertificateTemplateFactory.create_batch(3)
        author = StaffFactory()

        # When the owner gives two of them the new author (ids as the seed's tolerant forms)
        response = owner_api.post(
            QUICK_EDIT_URL,
            {"template_ids": f"[{first.pk},{second.pk}]", "author_id": str(author.pk)},
            format="json",
        )

        # Then those two have the author, and the third does not
        assert response.status_code == 200, response.content
        assert response.json() == {"message": "Certificate Templates updated Successfully"}
        assert set(CertificateTemplate.objects.filter(author=author)) == {first, second}
        third.refresh_from_db()
        assert third.author is None
        assert Activity.objects.filter(action=ActivityAction.UPDATED).count() == 2

    @pytest.mark.parametrize("who", ["learner", "nobody", "inactive_staff"])
    def test_the_author_must_be_active_staff(self, owner_api, who):
        template = CertificateTemplateFactory()
        author_id = {
            "learner": lambda: UserFactory().pk,
            "nobody": lambda: 999999,
            "inactive_staff": lambda: StaffFactory(is_active=False).pk,
        }[who]()
        before = state()
        response = owner_api.post(
            QUICK_EDIT_URL, {"template_ids": [template.pk], "author_id": author_id}, format="json"
        )
        assert list(invalid(response)) == ["author_id"]
        assert state() == before

    @pytest.mark.parametrize("ids", [[999999], [], "abc"])
    def test_unknown_or_missing_ids_are_422(self, owner_api, ids):
        CertificateTemplateFactory()
        before = state()
        response = owner_api.post(
            QUICK_EDIT_URL, {"template_ids": ids, "author_id": StaffFactory().pk}, format="json"
        )
        assert [key.split(".")[0] for key in invalid(response)] == ["template_ids"]
        assert state() == before


# --- Clone -------------------------------------------------------------------------------------


class TestClone:
    def test_copies_the_page_background_fields_and_expiry(self, owner, owner_api, library_image):
        # Given a template by someone else
        template = CertificateTemplateFactory(
            name="Gold",
            background=library_image,
            expiry_type="days",
            expiry_value=30,
            status="draft",
            author=StaffFactory(),
        )

        # When the owner clones it
        response = owner_api.post(CLONE_URL, {"templateId": str(template.pk)}, format="json")

        # Then a copy named "_copy", authored by the owner, shares the settings but not the row
        assert response.status_code == 200, response.content
        copy = CertificateTemplate.objects.exclude(pk=template.pk).get()
        assert response.json() == {"message": "Certificate Template Cloned Successfully", "id": copy.pk}
        assert (copy.name, copy.slug, copy.author) == ("Gold_copy", "gold_copy", owner)
        assert (copy.background, copy.expiry_type, copy.expiry_value, copy.status) == (
            library_image,
            "days",
            30,
            "draft",
        )
        assert copy.fields == template.fields
        copy.fields[0]["top"] = 1
        copy.save()
        template.refresh_from_db()
        assert template.fields[0]["top"] == 432

    @pytest.mark.parametrize("template_id", [999999, "abc", None])
    def test_an_unknown_template_is_422(self, owner_api, template_id):
        before = state()
        response = owner_api.post(CLONE_URL, {"templateId": template_id}, format="json")
        assert list(invalid(response)) == ["templateId"]
        assert state() == before


# --- Lookups -----------------------------------------------------------------------------------


def test_field_keys_lookup_is_the_seeds_list(owner_api):
    response = owner_api.get(FIELD_KEYS_URL)
    assert response.status_code == 200
    assert response.json() == [
        {"db_value": "student_first_name", "display_value": "Student First Name"},
        {"db_value": "student_last_name", "display_value": "Student Last Name"},
        {"db_value": "student_full_name", "display_value": "Student Full Name"},
        {"db_value": "course_name", "display_value": "Course Name"},
        {"db_value": "issue_date", "display_value": "Date of Issue"},
        {"db_value": "expiry_date", "display_value": "Date of Expiry"},
        {"db_value": "instructor_name", "display_value": "Instructor Name"},
        {"db_value": "certificate_code", "display_value": "Certificate Code"},
        {"db_value": "course_credit", "display_value": "Course Credit"},
        {"db_value": "learning_path_name", "display_value": "Learning Path Name"},
        {"db_value": "learning_path_credit", "display_value": "Learning Path Credit"},
        {"db_value": "custom_text", "display_value": "Custom Text"},
    ]


def test_font_families_lookup_is_the_seeds_list(owner_api):
    response = owner_api.get(FONTS_URL)
    assert response.status_code == 200
    assert response.json() == [
        {"db_value": "Lato", "display_value": "Arial", "is_selected": "true"},
        {"db_value": "Courier", "display_value": "Courier"},
        {"db_value": "Source Sans Pro", "display_value": "Helvetica"},
        {"db_value": "Montserrat", "display_value": "Montserrat"},
        {"db_value": "Roboto Condensed", "display_value": "Roboto"},
        {"db_value": "Space Mono", "display_value": "Space Mono"},
        {"db_value": "Roboto Slab", "display_value": "Roboto Slab"},
    ]
