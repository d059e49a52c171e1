"""The admin: every registered model's pages render, and saves and deletes go through the services."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from lms.audit.models import Activity, ActivityAction
from lms.gamification.models import Badge, Tier
from tests.factories import BadgeFactory, UserBadgeFactory
from website.admin import LecternModelAdmin, neutralise_formula

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_academy(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the demo writes real files
    call_command("load_demo", verbosity=0)
    UserBadgeFactory()


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def lectern_models():
    return [
        model for model in registered_models() if isinstance(admin.site._registry[model], LecternModelAdmin)
    ]


def other_models():
    return [model for model in registered_models() if model not in lectern_models()]


@pytest.mark.parametrize("model", other_models(), ids=lambda model: model._meta.label)
def test_every_other_admin_list_renders(owner_client, model):
    """Django's, Wagtail's and the packages' own admins: their lists and add forms render too."""
    opts = model._meta
    assert (
        owner_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )


@pytest.mark.parametrize("model", lectern_models(), ids=lambda model: model._meta.label)
def test_every_lectern_admin_page_renders(owner_client, owner, demo_academy, model):
    """List, change, history and export; add, import and object permissions where allowed."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = owner
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    obj = model_admin.get_queryset(request).first()
    assert obj is not None, f"the demo academy has no {opts.label}: add one so its admin pages are checked"

    pages = [
        reverse(f"{name}_changelist"),
        reverse(f"{name}_change", args=[obj.pk]),
        reverse(f"{name}_history", args=[obj.pk]),
        reverse(f"{name}_export"),
    ]
    if model_admin.has_change_permission(request, obj):
        pages.append(reverse(f"{name}_permissions", args=[obj.pk]))
    if model_admin.has_add_permission(request):
        pages.append(reverse(f"{name}_add"))
    if model_admin.has_import_permission(request):
        pages.append(reverse(f"{name}_import"))
    for url in pages:
        response = owner_client.get(url)
        assert response.status_code == 200, url


def test_adding_a_badge_in_the_admin_writes_the_audit_log(owner_client):
    response = owner_client.post(
        reverse("admin:gamification_badge_add"),
        {
            "title": "Gold",
            "points": 5,
            "badge_icon_url": "/b.png",
            "default_icon_url": "",
            "organization_id": "",
        },
    )
    assert response.status_code == 302
    badge = Badge.objects.get(title="Gold")
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(badge.pk)).exists()


def test_deleting_a_held_badge_in_the_admin_keeps_it(owner_client):
    held, free = UserBadgeFactory().badge, BadgeFactory()
    response = owner_client.post(
        reverse("admin:gamification_badge_changelist"),
        {"action": "delete_selected", "_selected_action": [held.pk, free.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert list(Badge.objects.values_list("pk", flat=True)) == [held.pk]
    assert (
        "1 badge(s) deleted. 1 badge(s) not deleted as they are assigned to users."
        in response.content.decode()
    )


def test_an_overlapping_tier_is_refused_by_the_admin_form(owner_client):
    Tier.objects.create(name="Bronze", lower_limit=0, upper_limit=100)
    response = owner_client.post(
        reverse("admin:gamification_tier_add"), {"name": "Silver", "lower_limit": 50, "upper_limit": 150}
    )
    assert response.status_code == 200
    assert "overlaps the tier Bronze" in response.content.decode()
    assert Tier.objects.count() == 1


def test_a_learner_cannot_open_the_admin(client, learner):
    client.force_login(learner)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def _import_tiers(client, csv_text):
    upload = SimpleUploadedFile("tiers.csv", csv_text.encode(), content_type="text/csv")
    return client.post(reverse("admin:gamification_tier_import"), {"import_file": upload, "format": "0"})


def test_an_admin_import_previews_and_refuses_an_overlapping_tier(owner_client):
    Tier.objects.create(name="Bronze", lower_limit=0, upper_limit=100)

    response = _import_tiers(owner_client, "id,name,lower_limit,upper_limit\n,Silver,50,150\n")

    assert response.status_code == 200
    assert "overlaps the tier Bronze" in response.content.decode()
    assert Tier.objects.count() == 1


def test_an_admin_import_saves_through_the_service_and_logs_it(owner_client):
    preview = _import_tiers(owner_client, "id,name,lower_limit,upper_limit\n,Silver,101,200\n")
    assert preview.status_code == 200
    assert Tier.objects.count() == 0  # the preview is a dry run
    form = preview.context["confirm_form"]

    response = owner_client.post(reverse("admin:gamification_tier_process_import"), form.initial, follow=True)

    assert response.status_code == 200
    tier = Tier.objects.get(name="Silver")
    assert (tier.lower_limit, tier.upper_limit) == (101, 200)
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(tier.pk)).exists()


@pytest.mark.parametrize(
    "cell, exported",
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("a=b", "a=b"),
    ],
)
def test_exported_cells_cannot_run_as_formulae(cell, exported):
    assert neutralise_formula(cell) == exported
