from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from rest_framework.response import Response

from cms.menus.selectors import dashboard_items
from cms.pages import selectors, services
from cms.pages.api import serializers as s
from cms.pages.models import AccessibleBy, PageCategory, PageLayoutChoice, StandardPage
from lms.portals.models import Portal, PortalMembership
from lms.portals.selectors import portal_in_scope
from website.api.errors import Unprocessable
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.views import (
    ApiView,
    ChoicesLookupView,
    QueryLookupView,
    TabularListView,
    contains,
    lookup_item_serializer,
)
from website.tenancy import portal_scope

PAGE_PERMISSIONS = {
    "GET": "pages.view_standardpage",
    "POST": "pages.add_standardpage",
    "PUT": "pages.change_standardpage",
}
ORDER_COLUMNS = {
    "title": "title",
    "name": "title",
    "slug": "slug",
    "created_at": "created_at",
    "author": "owner__first_name",
}


def _by_type(queryset, page_type):
    if page_type == 0:
        return queryset.filter(live=True)
    if page_type == 1:
        return queryset.filter(live=False)
    return queryset


# --- Academy pages -------------------------------------------------------------------------------


@seed_operations_view(
    get="pages_tabular_list",
    post=("pages_save_a_new_page", {"responses": IdMessageSerializer}),
)
class PageCollection(TabularListView):
    permission_required = PAGE_PERMISSIONS
    query_serializer_class = s.PageTabularQuerySerializer
    row_serializer_class = s.PageRowSerializer
    input_serializer_class = s.PageInputSerializer
    order_columns = ORDER_COLUMNS
    default_ordering = ("-created_at",)
    search_filters = {"pageName": contains("title")}

    def get_queryset(self):
        return _by_type(selectors.academy_pages(), self.query.get("type"))

    def post(self, request):
        fields = s.page_fields(self.parse_body())
        page = services.page_create(actor=request.user, parent=services.academy_root(), **fields)
        return message_response("Page saved successfully", id=page.pk)


class PageDetail(ApiView):
    permission_required = PAGE_PERMISSIONS
    input_serializer_class = s.PageInputSerializer

    @seed_operation("pages_get_page", responses=s.PageDetailSerializer)
    def get(self, request, pk):
        page = get_object_or_404(selectors.academy_pages().select_related("category"), pk=pk)
        return Response(s.PageDetailSerializer(selectors.latest(page)).data)

    @seed_operation("pages_update_page", responses=IdMessageSerializer)
    def put(self, request, pk):
        page = get_object_or_404(selectors.academy_pages(), pk=pk)
        fields = s.page_fields(self.parse_body())
        services.page_update(actor=request.user, page=page, **fields)
        return message_response("Page updated successfully", id=page.pk)


@seed_operation("pages_update_page_slug", responses={200: OpenApiTypes.STR})
class PageSlug(ApiView):
    permission_required = "pages.change_standardpage"
    query_serializer_class = s.SlugQuerySerializer

    def put(self, request, pk):
        page = get_object_or_404(selectors.academy_pages(), pk=pk)
        slug = self.parse_query().get("slug")
        return Response(services.page_slug_update(actor=request.user, page=page, slug=slug))


class _PageBulkView(ApiView):
    input_serializer_class = s.PageIdsSerializer
    message = ""

    def get_pages(self):
        return selectors.academy_pages()

    def act(self, **kwargs):
        raise NotImplementedError

    def post(self, request):
        self.act(actor=request.user, queryset=self.get_pages(), ids=self.parse_body()["page_ids"])
        return message_response(self.message)


@seed_operation("pages_soft_delete_page", responses=MessageSerializer)
class PagesSoftDelete(_PageBulkView):
    permission_required = "pages.change_standardpage"
    message = "Page moved to draft successfully"
    act = staticmethod(services.pages_unpublish)


@seed_operation("pages_hard_delete_page", responses=MessageSerializer)
class PagesHardDelete(_PageBulkView):
    permission_required = "pages.delete_standardpage"
    message = "Pages deleted permanently"
    act = staticmethod(services.pages_delete)


@seed_operation("pages_restore_page", responses=MessageSerializer)
class PagesRestore(_PageBulkView):
    permission_required = "pages.change_standardpage"
    message = "Page restored successfully"
    act = staticmethod(services.pages_publish)


# --- Lookups -------------------------------------------------------------------------------------


@seed_operation("pages_layout_lookup")
class LayoutLookup(ChoicesLookupView):
    choices = PageLayoutChoice


@seed_operation("pages_page_restriction_lookup")
class RestrictionLookup(ChoicesLookupView):
    choices = AccessibleBy


@seed_operation(
    "pages_page_category_lookup", responses=lookup_item_serializer("db_value", "display_value")(many=True)
)
class CategoryLookup(ApiView):
    def get(self, request):
        rows = PageCategory.objects.order_by("key").values_list("key", "name")
        return Response([{"db_value": key, "display_value": name} for key, name in rows])


# --- Layouts and snippets ------------------------------------------------------------------------


class PageLayouts(ApiView):
    permission_required = {"GET": "pages.view_pagelayout", "POST": "pages.add_pagelayout"}
    allow_portal_admins = True
    query_serializer_class = s.LayoutQuerySerializer
    input_serializer_class = s.LayoutInputSerializer

    @seed_operation("pages_retrieve_page_layouts", responses=s.LayoutSerializer(many=True))
    def get(self, request):
        query = self.parse_query()
        layouts = selectors.layouts(self.portal_scope).filter(context=query["context"])
        search = query["search"]
        if search.get("title"):
            layouts = layouts.filter(name__icontains=str(search["title"]).strip())
        if search["category"]:
            names = [str(name).strip() for name in search["category"]]
            wanted = Q()
            for name in names:
                wanted |= Q(category__name__iexact=name) | Q(category__key__iexact=name)
            layouts = layouts.filter(wanted)
        return Response(s.LayoutSerializer(layouts.order_by("name", "pk"), many=True).data)

    @seed_operation("pages_save_page_layout", responses=IdMessageSerializer)
    def post(self, request):
        data = self.parse_body()
        scope = self.portal_scope
        portal = portal_in_scope(scope, data["portalId"]) if scope.selected_portal_id is not None else None
        if portal is None and not scope.is_unrestricted:
            raise Unprocessable({"portalId": ["Choose one of your portals."]})
        layout = services.layout_create(
            actor=request.user,
            name=data["name"].strip(),
            context=data["context"],
            data=data["data"],
            portal=portal,
            category=selectors.page_category_by_key(data.get("category")),
        )
        return message_response("Layout saved successfully", id=layout.pk)


SNIPPET_MAP_SCHEMA = {
    "type": "object",
    "description": "identifier -> {name, html}",
    "additionalProperties": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "html": {"type": "string"}},
        "required": ["name", "html"],
    },
}


@seed_operation("pages_retrieve_page_snippets", responses={200: SNIPPET_MAP_SCHEMA})
class PageSnippets(ApiView):
    permission_required = "pages.view_pagesnippet"
    allow_portal_admins = True

    def get(self, request):
        return Response(
            {
                snippet.identifier: {"name": snippet.name, "html": snippet.html}
                for snippet in selectors.snippets()
            }
        )


# --- Learner-facing ------------------------------------------------------------------------------


@seed_operation("pages_get_the_learners_dashboard_menu_and_accessible_pages", responses=s.DashboardSerializer)
class LearnerDashboard(ApiView):
    """Any signed-in user: the academy's pages they may see, and the learner dashboard menu."""

    def get(self, request):
        pages = selectors.visible_pages(request.user, selectors.academy_pages())
        menus = [
            {
                "id": item.pk,
                "name": item.label,
                "slug": item.link_page.slug if item.link_page_id else item.custom_link.strip("/"),
            }
            for item in dashboard_items(request.user)
        ]
        return Response({"pages": [{"id": page.pk, "title": page.title} for page in pages], "menus": menus})


@seed_operation("pages_save_contact_form_response", responses=MessageSerializer)
class ContactFormResponse(ApiView):
    """Any signed-in user writes to the academy's (or their portal's) contact page."""

    input_serializer_class = s.ContactInputSerializer

    def post(self, request):
        data = self.parse_body()
        portal = (
            _member_portal(request.user, data.get("portalId"))
            if data.get("portalId") not in (None, -1)
            else None
        )
        page = selectors.contact_page_for(portal)
        if page is None:
            raise Unprocessable({"portalId": ["This site has no contact page."]})
        to_email = (data.get("toEmail") or "").strip().lower()
        if to_email and to_email not in {email.lower() for email in selectors.contact_admin_emails(portal)}:
            raise Unprocessable({"toEmail": ["Messages go to this site's admins only."]})
        form_data = {
            "first_name": data["firstName"],
            "last_name": data["lastName"],
            "email": data.get("email") or request.user.email,
            "phone": data["phoneNo"],
            "message": data["content"],
        }
        if to_email:
            form_data["to_email"] = to_email
        services.contact_submission_create(actor=request.user, page=page, data=form_data)
        return message_response("Mail sent successfully")


def _member_portal(user, portal_id) -> Portal:
    """The portal if the user belongs to it (or to a portal above it) or is academy staff; else 404."""
    portal = Portal.objects.filter(pk=portal_id).first()
    if portal is None:
        raise Http404
    if user.is_staff or user.is_superuser:
        return portal
    lineage = Portal.objects.filter(Q(pk=portal.pk) | Q(pk__in=[p.pk for p in portal.get_ancestors()]))
    if not PortalMembership.objects.filter(user=user, is_active=True, portal__in=lineage).exists():
        raise Http404
    return portal


# --- Portal pages --------------------------------------------------------------------------------


class PortalPageMixin:
    permission_required = PAGE_PERMISSIONS
    allow_portal_admins = True

    def scoped_pages(self):
        return selectors.portal_pages(self.portal_scope)


class PortalPageDetail(PortalPageMixin, ApiView):
    input_serializer_class = s.PortalPageInputSerializer

    @seed_operation("portals_retrieve_page", responses=s.PortalPageDetailSerializer)
    def get(self, request, pk):
        page = get_object_or_404(self.scoped_pages().select_related("portal"), pk=pk)
        return Response(s.PortalPageDetailSerializer(selectors.latest(page)).data)

    @seed_operation("portals_update_page", responses=IdMessageSerializer)
    def put(self, request, pk):
        page = get_object_or_404(self.scoped_pages(), pk=pk)
        data = self.parse_body()
        fields = {"title": data["title"].strip()}
        if "content" in data:
            fields["content"] = data["content"]
        services.page_update(actor=request.user, page=page, **fields)
        return message_response("Page updated successfully", id=page.pk)


@seed_operation("portals_get_pages_for_a_given_portal")
class PortalPageTable(PortalPageMixin, TabularListView):
    query_serializer_class = s.PageTabularQuerySerializer
    row_serializer_class = s.PortalPageRowSerializer
    order_columns = ORDER_COLUMNS
    default_ordering = ("-created_at",)
    search_filters = {"pageName": contains("title")}

    def get_queryset(self):
        scope = portal_scope(self.request.user, self.kwargs["portalId"])
        return _by_type(selectors.portal_pages(scope), self.query.get("type"))


@seed_operation("portals_save_a_new_portal_page", responses=IdMessageSerializer)
class PortalPageCreate(PortalPageMixin, ApiView):
    input_serializer_class = s.PortalPageCreateSerializer

    def post(self, request):
        data = self.parse_body()
        portal = portal_in_scope(self.portal_scope, data["portalId"])
        home = services.portal_site_ensure(actor=request.user, portal=portal)
        fields = {"content": data["content"]} if "content" in data else {}
        page = services.page_create(
            actor=request.user, parent=home, title=data["title"].strip().strip('"'), **fields
        )
        return message_response("Page saved successfully", id=page.pk)


class _PortalPageBulkView(PortalPageMixin, _PageBulkView):
    def get_pages(self):
        return self.scoped_pages()


@seed_operation("portals_soft_delete_page", responses=MessageSerializer)
class PortalPagesSoftDelete(_PortalPageBulkView):
    permission_required = "pages.change_standardpage"
    message = "Page moved to draft successfully"
    act = staticmethod(services.pages_unpublish)


@seed_operation("portals_hard_delete_page", responses=MessageSerializer)
class PortalPagesHardDelete(_PortalPageBulkView):
    permission_required = "pages.delete_standardpage"
    message = "Pages deleted permanently"
    act = staticmethod(services.pages_delete)


@seed_operation("portals_restore_page", responses=MessageSerializer)
class PortalPagesRestore(_PortalPageBulkView):
    permission_required = "pages.change_standardpage"
    message = "Page restored successfully"
    act = staticmethod(services.pages_publish)


@seed_operation("portals_page_dropdown_list")
class PortalPageDropdown(QueryLookupView):
    permission_required = "pages.view_standardpage"
    allow_portal_admins = True
    query_serializer_class = s.PageDropdownQuerySerializer
    label_field = label_key = "title"

    def get_queryset(self):
        return selectors.page_dropdown(self.portal_scope, self.query.get("search_term", "").strip())


@seed_operation(
    "portals_retrieve_the_menu_and_pages_for_a_specific_portal", responses=s.PortalDashboardSerializer
)
class PortalMenuAndPages(ApiView):
    """A portal's members (and its admins, and academy staff): its pages they may see and its dashboard menu."""

    input_serializer_class = s.PortalIdBodySerializer

    def post(self, request):
        portal = _member_portal(request.user, self.parse_body()["portalId"])
        pages = selectors.visible_pages(request.user, StandardPage.objects.filter(portal=portal))
        return Response(
            {
                "pages": [{"id": page.pk, "title": page.title} for page in pages],
                "menus": [item.label for item in dashboard_items(request.user, portal)],
            }
        )
