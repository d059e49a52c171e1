"""The certificate template admin (through the services) and the demo template."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from lms.audit.models import Activity, ActivityAction
from lms.certificates.demo import DEMO_TEMPLATE_NAME, load_demo
from lms.certificates.models import CertificateTemplate
from tests.factories.certificates import CertificateTemplateFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:certificates_certificatetemplate_changelist"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_the_demo_creates_one_landscape_template_on_a_generated_background_once(owner):
    # When the demo is loaded twice
    created = load_demo(actor=owner, users={}, portals={})
    again = load_demo(actor=owner, users={}, portals={})

    # Then one landscape template with a library image and fields exists, made once
    template = CertificateTemplate.objects.get()
    assert (created, again) == (2, 0)
    assert (template.name, template.orientation) == (DEMO_TEMPLATE_NAME, "landscape")
    assert template.background.kind == "image"
    assert template.background.file.storage.exists(template.background.file.name)
    assert {field["key"] for field in template.fields} >= {"student_full_name", "course_name", "issue_date"}


def test_a_background_in_use_is_reported_to_the_media_library(library_image):
    from lms.media.models import MediaFile
    from lms.media.usage import media_in_use

    CertificateTemplateFactory(background=library_image)
    assert media_in_use(MediaFile.objects.filter(pk=library_image.pk)) == {
        library_image.pk: ["certificate template"]
    }


def test_the_admin_pages_render_on_the_demo(owner, owner_client):
    load_demo(actor=owner, users={}, portals={})
    template = CertificateTemplate.objects.get()
    for url in (
        reverse(CHANGELIST),
        reverse("admin:certificates_certificatetemplate_change", args=[template.pk]),
        reverse("admin:certificates_certificatetemplate_history", args=[template.pk]),
        reverse("admin:certificates_certificatetemplate_add"),
        reverse("admin:certificates_certificatetemplate_export"),
        reverse("admin:certificates_certificatetemplate_import"),
    ):
        assert owner_client.get(url).status_code == 200, url


def test_the_clone_action_copies_through_the_service(owner_client):
    template = CertificateTemplateFactory(name="Gold")
    response = owner_client.post(
        reverse(CHANGELIST), {"action": "clone_templates", ACTION_CHECKBOX_NAME: [template.pk]}
    )
    assert response.status_code == 302
    assert CertificateTemplate.objects.filter(name="Gold_copy").exists()
    assert Activity.objects.filter(action=ActivityAction.CREATED).count() == 1


def test_the_draft_action_goes_through_the_service(owner_client):
    template = CertificateTemplateFactory()
    owner_client.post(reverse(CHANGELIST), {"action": "draft_templates", ACTION_CHECKBOX_NAME: [template.pk]})
    template.refresh_from_db()
    assert template.status == "draft"
    assert Activity.objects.filter(action=ActivityAction.UPDATED).count() == 1


def test_the_admin_form_refuses_what_the_api_refuses(owner, owner_client):
    # When the owner adds a template whose field has an unknown key
    response = owner_client.post(
        reverse("admin:certificates_certificatetemplate_add"),
        {
            "name": "Bad",
            "status": "publish",
            "orientation": "landscape",
            "width": 1075,
            "height": 680,
            "fields": '[{"key": "favourite_colour"}]',
            "expiry_type": "never",
        },
    )

    # Then the form shows the error and nothing is saved
    assert response.status_code == 200
    assert "Unknown field key" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_the_admin_add_saves_through_the_service(owner, owner_client):
    response = owner_client.post(
        reverse("admin:certificates_certificatetemplate_add"),
        {
            "name": "Admin made",
            "status": "publish",
            "orientation": "landscape",
            "width": 1075,
            "height": 680,
            "fields": '[{"key": "student_full_name", "top": 100, "left": 10}]',
            "expiry_type": "days",
            "expiry_value": 90,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get()
    assert (template.slug, template.author, template.expiry_value) == ("admin-made", owner, 90)
    assert template.fields[0]["font_family"] == "Lato"
    assert Activity.objects.filter(action=ActivityAction.CREATED).count() == 1
