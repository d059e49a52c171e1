"""Writes to pages, layouts, snippets and portal sites. Pages change through Wagtail's own revisions
(`save_revision().publish()`), so the CMS history shows API edits too; every write is transactional
and written to the audit log.

Soft delete is unpublish, restore is publish, hard delete is delete; a slug change keeps the slug
unique among the page's siblings and redirects the old URL (wagtail.contrib.redirects).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupPagePermission, Page, Site

from cms.pages.access import Restriction
from cms.pages.content import content_to_stream
from cms.pages.models import (
    ContactPage,
    LayoutType,
    PageLayout,
    PageSnippet,
    PortalHomePage,
    StandardPage,
)
from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create, logged_update, snapshot
from website.api.errors import Unprocessable

PAGE_FIELDS = (
    "title",
    "slug",
    "layout",
    "category_id",
    "seo_title",
    "search_description",
    "seo_thumbnail_url",
    "restriction",
    "user_categories",
    "user_types",
)
LAYOUT_FIELDS = ("name", "context", "type", "category_id", "portal_id")
SNIPPET_FIELDS = ("identifier", "name")
PORTAL_EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page", "delete_page")


# --- Where pages live ----------------------------------------------------------------------------


def academy_root() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise Unprocessable({"site": ["The academy has no default site to add pages to."]})
    return site.root_page


def portal_editors_group_name(portal) -> str:
    return f"Portal {portal.pk} page editors"


@transaction.atomic
def portal_site_ensure(*, actor, portal) -> PortalHomePage:
    """The portal's root page (made once, published), its editors' group, and its site's root."""
    home = PortalHomePage.objects.filter(portal=portal).first()
    if home is None:
        root = Page.get_first_root_node()
        home = PortalHomePage(
            title=portal.name,
            slug=_free_child_slug(root, f"portal-{portal.slug or portal.pk}"),
            portal=portal,
            owner=actor if getattr(actor, "is_authenticated", False) else None,
        )
        root.add_child(instance=home)
        home.save_revision(user=_user(actor), log_action=True).publish(
            user=_user(actor), skip_permission_checks=True
        )
        _page_logged(actor, home, ActivityAction.CREATED)
    portal_editors_sync(portal=portal, home=home)
    portal_site_root_sync(portal=portal, home=home)
    return home


def portal_site_root_sync(*, portal, home: PortalHomePage | None = None) -> None:
    """Point the portal's Wagtail Site (its custom domain) at the portal's root page."""
    if not portal.site_id:
        return
    home = home or PortalHomePage.objects.filter(portal=portal).first()
    if home is not None:
        Site.objects.filter(pk=portal.site_id).exclude(root_page=home).update(root_page=home)


def portal_site_retire(*, portal) -> None:
    """A portal is being deleted: its pages stay for the academy's staff (in the CMS, unpublished, so
    nothing of the portal is served any more) and its editors' group goes."""
    home = PortalHomePage.objects.filter(portal=portal).first()
    if home is not None:
        Page.objects.descendant_of(home, inclusive=True).live().unpublish()
    Group.objects.filter(name=portal_editors_group_name(portal)).delete()


def portal_editors_sync(*, portal, home: PortalHomePage) -> Group:
    """A Wagtail group that edits the portal's pages only; the portal's active admins are its members."""
    from lms.portals.models import PortalMembership, PortalRole

    group, _ = Group.objects.get_or_create(name=portal_editors_group_name(portal))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in PORTAL_EDITOR_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    lineage = [
        portal.pk,
        *portal.get_ancestors().values_list("pk", flat=True),
    ]  # admins of a parent manage it too
    admins = PortalMembership.objects.filter(portal_id__in=lineage, role=PortalRole.ADMIN, is_active=True)
    wanted = set(admins.values_list("user_id", flat=True))
    current = set(group.user_set.values_list("pk", flat=True))
    group.user_set.add(*(wanted - current))
    group.user_set.remove(*(current - wanted))
    return group


# --- Pages ---------------------------------------------------------------------------------------


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _page_logged(actor, page: Page, action, changes: dict | None = None) -> None:
    activity_record(
        actor=actor,
        action=action,
        subject=page,
        changes=changes if changes is not None else {"attributes": snapshot(page, ("title", "slug"))},
        portal=getattr(page, "portal", None),
    )


def _free_child_slug(parent: Page, wanted: str, exclude_pk=None) -> str:
    base = slugify(wanted)[:240] or "page"
    taken = set(parent.get_children().exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, counter = base, 0
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def restriction_from_seed(*, restricted: bool, accessible_by: str | None) -> str:
    """restrictedToLoginUser + accessibleBy -> the stored kind."""
    if not restricted:
        return Restriction.NONE
    if accessible_by in (Restriction.USER_CATEGORY, Restriction.USER_TYPE):
        return accessible_by
    return Restriction.LOGGED_IN


def _check_restriction(fields: dict) -> None:
    if fields.get("restriction") == Restriction.USER_CATEGORY and not fields.get("user_categories"):
        raise Unprocessable({"userCategory": ["Choose at least one user category."]})
    if fields.get("restriction") == Restriction.USER_TYPE and not fields.get("user_types"):
        raise Unprocessable({"userType": ["Choose at least one user type."]})


def _apply(page: StandardPage, fields: dict) -> None:
    if "content" in fields:
        page.body = content_to_stream(fields.pop("content"))
    for name, value in fields.items():
        setattr(page, name, value)


@transaction.atomic
def page_create(*, actor, parent: Page, title: str, **fields) -> StandardPage:
    """A new page under `parent`, published through a Wagtail revision."""
    _check_restriction(fields)
    page = StandardPage(title=title, slug=_free_child_slug(parent, title), owner=_user(actor))
    _apply(page, fields)
    parent.add_child(instance=page)
    page.save_revision(user=_user(actor), log_action=True).publish(
        user=_user(actor), skip_permission_checks=True
    )
    page.refresh_from_db()
    _page_logged(actor, page, ActivityAction.CREATED, {"attributes": snapshot(page, PAGE_FIELDS)})
    return page


@transaction.atomic
def page_update(*, actor, page: StandardPage, **fields) -> StandardPage:
    """A new revision of the page; published when the page is live (a drafted page stays a draft)."""
    page = StandardPage.objects.select_for_update().get(pk=page.pk)
    if page.has_unpublished_changes:  # edit on top of the latest draft, as the CMS does
        page = page.get_latest_revision_as_object()
    before = snapshot(page, PAGE_FIELDS)
    merged = {name: getattr(page, name) for name in ("restriction", "user_categories", "user_types")}
    merged.update(fields)
    _check_restriction(merged)
    _apply(page, fields)
    revision = page.save_revision(user=_user(actor), log_action=True)
    if page.live:
        revision.publish(user=_user(actor), skip_permission_checks=True)
    page.refresh_from_db()
    after = snapshot(page, PAGE_FIELDS)
    changed = {key: value for key, value in after.items() if before.get(key) != value}
    _page_logged(
        actor, page, ActivityAction.UPDATED, {"attributes": changed, "old": {k: before[k] for k in changed}}
    )
    return page


def _pages_for_ids(queryset, ids: list[int]) -> list[Page]:
    pages = list(queryset.filter(pk__in=ids))
    missing = sorted(set(ids) - {page.pk for page in pages})
    if missing:
        raise Unprocessable({"page_ids": [f"Unknown page id(s): {', '.join(map(str, missing))}."]})
    return pages


@transaction.atomic
def pages_unpublish(*, actor, queryset, ids: list[int]) -> int:
    """Soft delete: the pages become drafts (Wagtail unpublish); their content stays."""
    pages = _pages_for_ids(queryset, ids)
    for page in pages:
        if page.live:
            UnpublishPageAction(page, user=_user(actor)).execute(skip_permission_checks=True)
            _page_logged(actor, page, ActivityAction.UPDATED, {"attributes": {"live": False}})
    return len(pages)


@transaction.atomic
def pages_publish(*, actor, queryset, ids: list[int]) -> int:
    """Restore: the pages' latest revisions are published again."""
    pages = _pages_for_ids(queryset, ids)
    for page in pages:
        if not page.live:
            revision = page.get_latest_revision() or page.save_revision(user=_user(actor))
            revision.publish(user=_user(actor), skip_permission_checks=True)
            _page_logged(actor, page, ActivityAction.UPDATED, {"attributes": {"live": True}})
    return len(pages)


@transaction.atomic
def pages_delete(*, actor, queryset, ids: list[int]) -> int:
    """Hard delete: the pages (and anything under them) are gone."""
    pages = _pages_for_ids(queryset, ids)
    for page in pages:
        if not Page.objects.filter(pk=page.pk).exists():
            continue  # already removed with an ancestor in this request
        _page_logged(actor, page, ActivityAction.DELETED)
        DeletePageAction(page, user=_user(actor)).execute(skip_permission_checks=True)
    return len(pages)


@transaction.atomic
def page_slug_update(*, actor, page: StandardPage, slug: str) -> str:
    """A slug unique among the page's siblings (a counter is appended when taken); the old URL redirects."""
    page = StandardPage.objects.select_for_update().get(pk=page.pk)
    wanted = slugify(slug)
    if not wanted:
        raise Unprocessable({"slug": ["Give a slug made of letters, digits or hyphens."]})
    new_slug = _free_child_slug(page.get_parent(), wanted, exclude_pk=page.pk)
    if new_slug == page.slug:
        return new_slug
    old_parts = page.get_url_parts()
    old_slug = page.slug
    page.slug = new_slug
    revision = page.save_revision(user=_user(actor), log_action=True, changed=True)
    if page.live:
        revision.publish(user=_user(actor), skip_permission_checks=True)
    else:
        page.save(update_fields=["slug", "url_path"])
    if old_parts is not None:
        site_id, _root, old_path = old_parts
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path), site_id=site_id, defaults={"redirect_page": page}
        )
    _page_logged(
        actor, page, ActivityAction.UPDATED, {"attributes": {"slug": new_slug}, "old": {"slug": old_slug}}
    )
    return new_slug


# --- Layouts and snippets ------------------------------------------------------------------------


@transaction.atomic
def layout_create(*, actor, name: str, context: str, data: str, portal=None, category=None) -> PageLayout:
    layout = PageLayout(
        name=name,
        context=context,
        data=data,
        portal=portal,
        category=category,
        type=LayoutType.USER,
        created_by=_user(actor),
    )
    return logged_create(actor=actor, instance=layout, tracked=LAYOUT_FIELDS, portal=portal)


@transaction.atomic
def layout_update(*, actor, layout: PageLayout, **fields) -> PageLayout:
    return logged_update(
        actor=actor, instance=layout, tracked=LAYOUT_FIELDS, fields=fields, portal=layout.portal
    )


@transaction.atomic
def snippet_create(*, actor, **fields) -> PageSnippet:
    return logged_create(actor=actor, instance=PageSnippet(**fields), tracked=SNIPPET_FIELDS)


# --- Contact form --------------------------------------------------------------------------------


@transaction.atomic
def contact_submission_create(*, actor, page: ContactPage, data: dict):
    """Store a submission on the contact page (as its Wagtail form would) and e-mail the recipients."""
    submission = page.get_submission_class().objects.create(form_data=data, page=page)
    activity_record(
        actor=actor,
        action=ActivityAction.CREATED,
        subject=submission,
        changes={"attributes": {"page": page.pk}},
        portal=page.portal,
    )
    contact_submission_notify(submission=submission)
    return submission


def contact_submission_notify(*, submission) -> None:
    """E-mail the submission once the transaction commits (a Celery task writes the outbox rows)."""
    from cms.pages.tasks import email_contact_submission

    transaction.on_commit(lambda: email_contact_submission.delay(submission.pk))
