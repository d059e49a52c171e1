"""The PDF of a certificate: WeasyPrint, local fonts, our own files only, values escaped."""

from datetime import date

import pytest
from django.urls import reverse
from weasyprint.urls import URLFetchingError

from lms.certificates.models import CertificateTemplate, ExpiryType, add_months
from lms.certificates.rendering import (
    BASE_URL,
    LocalOnlyFetcher,
    RefusedURL,
    render_certificate_html,
    render_certificate_pdf,
    sample_values,
)
from tests.factories.certificates import COURSE_NAME_FIELD, CertificateTemplateFactory

pytestmark = pytest.mark.django_db

NAME_FIELD = dict(COURSE_NAME_FIELD, key="student_full_name", value="Student Full Name", top=200)
CUSTOM_FIELD = dict(COURSE_NAME_FIELD, key="custom_text", value="Awarded <proudly>", top=300)


def preview_url(pk):
    return f"/api/v1/certificates/templates/{pk}/preview/"


class TestRenderCertificate:
    def test_a_pdf_with_the_values_escaped_in_the_html(self):
        # Given a template with the learner's name, the course and a custom text
        template = CertificateTemplateFactory(fields=[NAME_FIELD, COURSE_NAME_FIELD, CUSTOM_FIELD])
        values = {"student_full_name": "Zoë <O'Brien> & Co", "course_name": "Safety 101"}

        # When it is rendered
        html = render_certificate_html(template=template, values=values)
        pdf = render_certificate_pdf(template=template, values=values)

        # Then the HTML holds the escaped values the fonts are local ones, and the PDF is real
        assert "Zoë &lt;O&#x27;Brien&gt; &amp; Co" in html
        assert "<O'Brien>" not in html
        assert "Safety 101" in html
        assert "Awarded &lt;proudly&gt;" in html  # custom text prints its own value
        assert "size: 1075px 680px" in html
        assert pdf.startswith(b"%PDF-")
        assert len(pdf) > 1000
        assert "font-family: &quot;Liberation Sans&quot;, &quot;DejaVu Sans&quot;, sans-serif" in html

    def test_a_library_background_is_read_from_storage(self, library_image):
        # Given a template on a library image
        template = CertificateTemplateFactory(background=library_image)

        # When it is rendered
        html = render_certificate_html(template=template, values={})
        pdf = render_certificate_pdf(template=template, values={})

        # Then the image is addressed under our origin and embedded in the PDF
        assert f'src="{BASE_URL}media/{library_image.file.name}"' in html
        assert b"/Image" in pdf

    @pytest.mark.parametrize(
        "url",
        [
            "http://example.org/logo.png",
            "https://example.org/media/x.png",
            "file:///etc/passwd",
            f"{BASE_URL}media/../../etc/passwd",
            "data:image/png;base64,AAAA",
        ],
    )
    def test_the_fetcher_refuses_everything_but_our_files(self, url):
        with pytest.raises((RefusedURL, ValueError, URLFetchingError)):
            LocalOnlyFetcher().fetch(url)

    def test_the_html_cannot_reach_the_network(self, monkeypatch):
        # Given a template whose custom text tries to smuggle markup (it is escaped, never fetched)
        field = dict(CUSTOM_FIELD, value='<img src="http://example.org/track.png">')
        template = CertificateTemplateFactory(fields=[field])
        fetched = []
        original = LocalOnlyFetcher.fetch
        monkeypatch.setattr(
            LocalOnlyFetcher,
            "fetch",
            lambda self, url, headers=None: fetched.append(url) or original(self, url),
        )

        # When it is rendered
        render_certificate_pdf(template=template, values={})

        # Then nothing was fetched at all
        assert fetched == []


class TestSampleValuesAndExpiry:
    @pytest.mark.parametrize(
        ("expiry_type", "value", "fixed", "issued", "expected"),
        [
            (ExpiryType.NEVER, None, None, date(2026, 1, 1), None),
            (ExpiryType.DAYS, 30, None, date(2026, 1, 1), date(2026, 1, 31)),
            (ExpiryType.MONTHS, 1, None, date(2026, 1, 31), date(2026, 2, 28)),
            (ExpiryType.MONTHS, 25, None, date(2026, 1, 31), date(2028, 2, 29)),
            (ExpiryType.FIXED_DATE, None, date(2027, 6, 1), date(2026, 1, 1), date(2027, 6, 1)),
        ],
    )
    def test_expiry_rules(self, expiry_type, value, fixed, issued, expected):
        template = CertificateTemplate(expiry_type=expiry_type, expiry_value=value, expiry_date=fixed)
        assert template.expires_on(issued) == expected

    def test_add_months_clamps_to_the_month_end(self):
        assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)

    def test_sample_values_fill_every_key_but_custom_text(self):
        template = CertificateTemplate(expiry_type=ExpiryType.DAYS, expiry_value=10)
        values = sample_values(template, today=date(2026, 12, 1))
        assert values["student_full_name"] == "Jane Doe"
        assert values["issue_date"] == "December 01, 2026"
        assert values["expiry_date"] == "December 11, 2026"
        assert "custom_text" not in values


class TestPreviewEndpoint:
    def test_the_owner_gets_a_pdf(self, owner_api):
        template = CertificateTemplateFactory(slug="gold", fields=[NAME_FIELD])
        response = owner_api.get(preview_url(template.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'inline; filename="gold-preview.pdf"'
        assert response.content.startswith(b"%PDF-")

    def test_an_unknown_template_is_404(self, owner_api):
        response = owner_api.get(preview_url(999999))
        assert (response.status_code, response.json()) == (404, {"message": "Not found."})


class TestAdminPreview:
    def test_the_admin_preview_is_a_pdf(self, client, owner):
        client.force_login(owner)
        template = CertificateTemplateFactory()
        response = client.get(reverse("admin:certificates_certificatetemplate_preview", args=[template.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")

    def test_the_admin_preview_of_an_unknown_template_is_404(self, client, owner):
        client.force_login(owner)
        response = client.get(reverse("admin:certificates_certificatetemplate_preview", args=["999999"]))
        assert response.status_code == 404
