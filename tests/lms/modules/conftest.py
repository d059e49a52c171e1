"""Module tests store files under a temporary MEDIA_ROOT; helpers shared by the module test files."""

import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from lms.audit.models import Activity
from lms.media.models import MediaFile
from lms.modules.models import Module, PdfModule, PowerPointModule, TextModule, VideoModule, VideoSubtitle
from tests.conftest import api_client_for
from tests.factories import StaffFactory

MODULE_PERMISSIONS = [
    "modules.add_module",
    "modules.change_module",
    "modules.delete_module",
    "modules.view_module",
]
UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def stored_files(media_root):
    def run() -> list[str]:
        return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())

    return run


def module_state():
    """Everything a refused or invalid request must leave untouched."""
    return (
        list(Module.objects.order_by("pk").values()),
        list(TextModule.objects.order_by("pk").values()),
        list(VideoModule.objects.order_by("pk").values()),
        list(PdfModule.objects.order_by("pk").values()),
        list(PowerPointModule.objects.order_by("pk").values()),
        list(VideoSubtitle.objects.order_by("pk").values()),
        MediaFile.objects.count(),
        Activity.objects.count(),
    )


def invalid(errors):
    return {"message": INVALID, "errors": errors}


def listing(client, url, **params):
    query = {
        key: json.dumps(value) if isinstance(value, dict | list) else value for key, value in params.items()
    }
    return client.get(url, query)


@pytest.fixture
def author():
    return StaffFactory(first_name="Ada", last_name="Author", permissions=MODULE_PERMISSIONS)


@pytest.fixture
def author_api(author):
    return api_client_for(author)


@pytest.fixture
def client_as(request, staff_api_with):
    """`client_as(role, permission)` for the refusal matrix."""

    def make(role, permission):
        if role == "anonymous":
            return APIClient()
        if role == "staff_with_the_other_module_permissions":
            return staff_api_with(*[p for p in MODULE_PERMISSIONS if p != permission])
        return api_client_for(request.getfixturevalue(role))

    return make
