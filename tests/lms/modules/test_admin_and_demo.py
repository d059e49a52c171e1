"""The demo module library and the module admin (pages, detail inline of the type, author rights)."""

import zipfile
from io import BytesIO

import pytest
from django.test import Client

from lms.modules import services
from lms.modules.demo import load_demo
from lms.modules.demo_files import pptx_bytes
from lms.modules.models import Module, PdfModule, PowerPointModule, VideoModule
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_user():
    return UserFactory(user_type="owner", email="owner@example.org")


@pytest.fixture
def demo(owner_user):
    return load_demo(actor=owner_user, users={}, portals={})


def test_demo_creates_one_module_of_each_type_once(demo, owner_user):
    assert demo == 4
    assert sorted(Module.objects.values_list("module_type", flat=True)) == [
        "pdf",
        "powerpoint",
        "text",
        "video",
    ]
    video = VideoModule.objects.get()
    assert video.provider == "youtube" and video.video_id and video.subtitles.count() == 1
    assert PdfModule.objects.get().media.file.read().startswith(b"%PDF-")
    assert PowerPointModule.objects.get().media.kind == "powerpoint"
    assert load_demo(actor=owner_user, users={}, portals={}) == 0


def test_the_demo_presentation_is_a_complete_package():
    with zipfile.ZipFile(BytesIO(pptx_bytes([("A", "B"), ("C", "D")]))) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
    assert {
        "[Content_Types].xml",
        "_rels/.rels",
        "ppt/presentation.xml",
        "ppt/slideMasters/slideMaster1.xml",
        "ppt/slideLayouts/slideLayout1.xml",
        "ppt/theme/theme1.xml",
        "ppt/slides/slide1.xml",
        "ppt/slides/slide2.xml",
    } <= names


def test_admin_pages_render_with_the_detail_of_the_module_type(demo, owner_user):
    client = Client()
    client.force_login(owner_user)

    assert client.get("/admin/modules/module/").status_code == 200
    assert client.get("/admin/modules/module/add/").status_code == 200
    for module in Module.objects.all():
        page = client.get(f"/admin/modules/module/{module.pk}/change/")
        assert page.status_code == 200
        content = page.content.decode()
        for kind in ("video", "pdf", "powerpoint"):
            assert (f"{kind}-" in content and f'id="{kind}-group"' in content) == (module.module_type == kind)
        assert client.get(f"/admin/modules/module/{module.pk}/history/").status_code == 200
    assert client.get("/admin/modules/module/?module_type__exact=video").status_code == 200
    assert client.get("/admin/modules/module/export/").status_code == 200
    assert client.get("/admin/modules/module/import/").status_code == 200
    first = Module.objects.first()
    assert client.get(f"/admin/modules/module/{first.pk}/permissions/").status_code == 200


def test_admin_saves_a_video_detail_through_the_service(demo, owner_user):
    client = Client()
    client.force_login(owner_user)
    module = Module.objects.get(module_type="video")
    page = client.get(f"/admin/modules/module/{module.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": "Renamed in admin",
            "slug": module.slug,
            "content": "<p>New <script>x()</script></p>",
            "categories": [c.pk for c in module.categories.all()],
            "author": module.author_id,
            "estimation_completed_unit": "minutes",
            "video-TOTAL_FORMS": "1",
            "video-INITIAL_FORMS": "1",
            "video-MIN_NUM_FORMS": "1",
            "video-MAX_NUM_FORMS": "1",
            "video-0-module": module.pk,
            "video-0-provider": "vimeo",
            "video-0-url": "https://vimeo.com/76979871",
            "video-0-cover_url": "",
            "video-0-subtitle_type": "upload",
            "video-0-interactions": "[]",
        }
    )
    data = {key: value for key, value in data.items() if value is not None}
    data.pop("track_completion", None)

    response = client.post(f"/admin/modules/module/{module.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    module.refresh_from_db()
    assert module.name == "Renamed in admin" and "script" not in module.content
    assert (module.video.provider, module.video.video_id) == ("vimeo", "76979871")


def test_an_author_sees_only_their_modules_in_the_admin(demo):
    author = StaffFactory()
    mine = Module.objects.get(module_type="text")
    services._grant_author(mine, author)
    client = Client()
    client.force_login(author)

    listing = client.get("/admin/modules/module/")
    own = client.get(f"/admin/modules/module/{mine.pk}/change/")
    other = Module.objects.exclude(pk=mine.pk).first()
    theirs = client.get(f"/admin/modules/module/{other.pk}/change/")

    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == [mine]
    assert own.status_code == 200
    assert theirs.status_code in (302, 403, 404)
