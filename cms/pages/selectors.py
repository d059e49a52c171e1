"""Reads for pages, layouts, snippets and contact submissions: scoping, restrictions, prefetching."""

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from wagtail.contrib.forms.models import FormSubmission

from cms.pages.models import ContactPage, PageCategory, PageLayout, PageSnippet, PortalHomePage, StandardPage
from lms.accounts.models import User, UserType
from lms.categories.models import Category, CategoryType
from website.api.errors import Unprocessable
from website.tenancy import PortalScope

ACADEMY_ADMIN_TYPES = (UserType.OWNER, UserType.ADMIN)


# --- Pages ---------------------------------------------------------------------------------------


def academy_pages() -> QuerySet[StandardPage]:
    """The academy site's pages (not a portal's)."""
    return StandardPage.objects.filter(portal__isnull=True).select_related("owner")


def portal_pages(scope: PortalScope) -> QuerySet[StandardPage]:
    """Pages of the portals in `scope` (a portal's pages live under its own root page)."""
    return scope.filter(StandardPage.objects.filter(portal__isnull=False), "portal").select_related("owner")


def visible_pages(user, queryset: QuerySet[StandardPage]) -> list[StandardPage]:
    """Live pages of `queryset` that `user` may see (the seed's restrictions)."""
    pages = (
        queryset.select_related(None)
        .live()
        .only(
            "id",
            "title",
            "slug",
            "restriction",
            "user_categories",
            "user_types",
            "portal_id",
            "path",
            "url_path",
        )
    )
    return [page for page in pages.order_by("path") if page.is_visible_to(user)]


def page_dropdown(scope: PortalScope, search_term: str = "") -> QuerySet[StandardPage]:
    pages = scope.filter(StandardPage.objects.all(), "portal")  # unrestricted with no portal: every page
    if search_term:
        pages = pages.filter(title__icontains=search_term)
    return pages


def user_category_ids_for(values: list) -> list[int]:
    """User category ids for names or ids (the seed sends names: ["Student", "Teacher"]); 422 if unknown."""
    categories = Category.objects.filter(type=CategoryType.USER)
    found, missing = [], []
    for value in values:
        text = str(value).strip()
        match = categories.filter(Q(name__iexact=text) | Q(pk=int(text) if text.isdigit() else None)).first()
        (found.append(match.pk) if match else missing.append(text))
    if missing:
        raise Unprocessable({"userCategory": [f"Unknown user category: {', '.join(missing)}."]})
    return list(dict.fromkeys(found))


def user_category_names(ids: list[int]) -> list[str]:
    names = dict(Category.objects.filter(pk__in=ids or []).values_list("pk", "name"))
    return [names[pk] for pk in ids or [] if pk in names]


def user_types_for(values: list) -> list[str]:
    """User type values for values or labels, any case ("General" or "general"); 422 if unknown."""
    known = {key.lower(): key for key, _ in UserType.choices} | {
        label.lower(): key for key, label in UserType.choices
    }
    missing = [str(value) for value in values if str(value).strip().lower() not in known]
    if missing:
        raise Unprocessable({"userType": [f"Unknown user type: {', '.join(missing)}."]})
    return list(dict.fromkeys(known[str(value).strip().lower()] for value in values))


def page_category_by_key(key: str | None) -> PageCategory | None:
    if not key:
        return None
    category = PageCategory.objects.filter(key=key).first()
    if category is None:
        raise Unprocessable({"category": [f"Unknown page category {key!r}."]})
    return category


def latest(page):
    """The page as last edited: its latest revision when it has unpublished changes (a draft)."""
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


# --- Layouts and snippets ------------------------------------------------------------------------


def layouts(scope: PortalScope) -> QuerySet[PageLayout]:
    """The academy's layouts (shared) and those of the portals in `scope`."""
    return scope.filter(PageLayout.objects.all(), "portal", include_unassigned=True).select_related(
        "category"
    )


def snippets() -> QuerySet[PageSnippet]:
    return PageSnippet.objects.all()


# --- Portal sites --------------------------------------------------------------------------------


def portal_home(portal) -> PortalHomePage | None:
    return PortalHomePage.objects.filter(portal=portal).first()


# --- Contact form --------------------------------------------------------------------------------


def contact_page_for(portal=None) -> ContactPage | None:
    """The live contact page of the portal (or of the academy)."""
    pages = ContactPage.objects.live().order_by("path")
    return (pages.filter(portal=portal) if portal is not None else pages.filter(portal__isnull=True)).first()


def contact_admin_emails(portal=None) -> list[str]:
    """Who receives contact form e-mails: the portal's active admins, or the academy's admins."""
    if portal is not None:  # admins of the portal or of a portal above it (they manage it too)
        lineage = [portal.pk, *portal.get_ancestors().values_list("pk", flat=True)]
        users = User.objects.filter(
            portal_memberships__portal_id__in=lineage,
            portal_memberships__role="admin",
            portal_memberships__is_active=True,
        )
    else:
        users = User.objects.filter(user_type__in=ACADEMY_ADMIN_TYPES)
    return list(users.filter(is_active=True).order_by("pk").values_list("email", flat=True).distinct())


def contact_submission(submission_id: int) -> FormSubmission | None:
    return FormSubmission.objects.select_related("page").filter(pk=submission_id).first()


def contact_email_template(submission: FormSubmission) -> str:
    return f"pages/contact:{submission.pk}"


def contact_recipients(submission: FormSubmission) -> list[str]:
    chosen = (submission.form_data or {}).get("to_email")
    if chosen:
        return [chosen]
    return contact_admin_emails(getattr(submission.page.specific, "portal", None))


def render_contact_email(submission: FormSubmission) -> tuple[str, str, str]:
    page = submission.page.specific
    context = {"page": page, "submission": submission, "data": sorted((submission.form_data or {}).items())}
    subject = " ".join(render_to_string("pages/emails/contact_submission_subject.txt", context).split())
    return (
        subject,
        render_to_string("pages/emails/contact_submission.txt", context),
        render_to_string("pages/emails/contact_submission.html", context),
    )
