from django.shortcuts import get_object_or_404
from rest_framework.response import Response

from cms.menus import selectors, services
from cms.menus.api import serializers as s
from cms.menus.models import Menu
from cms.pages import services as page_services
from lms.portals.selectors import portal_in_scope
from website.api.errors import Unprocessable
from website.api.responses import MessageSerializer, message_response
from website.api.schema import seed_operation
from website.api.views import ApiView, PortalIdQuerySerializer


def _site_root_for(actor):
    def root(menu: Menu):
        if menu.portal_id is None:
            return page_services.academy_root()
        return page_services.portal_site_ensure(actor=actor, portal=menu.portal)

    return root


@seed_operation("menus_menus_list", responses=s.MenuSerializer(many=True))
class MenuList(ApiView):
    permission_required = "menus.view_menu"

    def get(self, request):
        return Response(
            s.MenuSerializer(selectors.academy_menus(), many=True, context={"request": request}).data
        )


@seed_operation(
    "menus_get_all_the_items_associated_with_this_menu", responses=s.MenuItemSerializer(many=True)
)
class MenuItems(ApiView):
    permission_required = "menus.view_menu"

    def get(self, request, pk):
        menu = get_object_or_404(selectors.academy_menus(), pk=pk)
        return Response(s.MenuItemSerializer(menu.items.all(), many=True, context={"request": request}).data)


@seed_operation("menus_save_or_update_menu_items", responses=MessageSerializer)
class MenuItemsSave(ApiView):
    permission_required = "menus.change_menu"
    input_serializer_class = s.MenuListInputSerializer

    def post(self, request):
        menus = []
        for index, spec in enumerate(self.parse_body()["menuList"]):
            if spec.get("id"):
                menu = Menu.objects.filter(pk=spec["id"], portal__isnull=True).first()
                if menu is None:
                    raise Unprocessable({f"menuList.{index}.id": ["Unknown menu."]})
            elif spec.get("name"):
                menu = services.menu_create(actor=request.user, name=spec["name"])
            else:
                raise Unprocessable({f"menuList.{index}.id": ["Give a menu id, or a name for a new menu."]})
            menus.append((menu, spec["items"]))
        services.menus_items_replace(
            actor=request.user, menus=menus, site_root_for=_site_root_for(request.user)
        )
        return message_response("Menu updated successfully")


@seed_operation(
    "portals_retrieves_all_the_menus_with_all_its_associated_items", responses=s.MenuSerializer(many=True)
)
class PortalMenuList(ApiView):
    permission_required = "menus.view_menu"
    allow_portal_admins = True
    query_serializer_class = PortalIdQuerySerializer

    def get(self, request):
        self.parse_query()
        menus = selectors.portal_menus(self.portal_scope)
        return Response(s.MenuSerializer(menus, many=True, context={"request": request}).data)


@seed_operation(
    "portals_save_the_menu_items_for_the_given_portal_the_menu_items", responses=MessageSerializer
)
class PortalMenuItemsSave(ApiView):
    permission_required = "menus.change_menu"
    allow_portal_admins = True
    input_serializer_class = s.PortalMenuListInputSerializer

    def post(self, request):
        data = self.parse_body()
        portal = portal_in_scope(self.portal_scope, data["portalId"])
        menus = []
        for index, spec in enumerate(data["menuList"]):
            if spec.get("id"):
                menu = Menu.objects.filter(pk=spec["id"], portal=portal).first()
                if menu is None:
                    raise Unprocessable({f"menuList.{index}.id": ["Unknown menu of this portal."]})
            elif spec.get("name"):
                menu = services.menu_create(actor=request.user, name=spec["name"], portal=portal)
            else:
                raise Unprocessable({f"menuList.{index}.id": ["Give a menu id, or a name for a new menu."]})
            menus.append((menu, spec["items"]))
        services.menus_items_replace(
            actor=request.user, menus=menus, site_root_for=_site_root_for(request.user)
        )
        return message_response("Menu updated successfully")
