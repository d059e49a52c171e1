from django.urls import path

from cms.menus.api import views

urlpatterns = [
    path("menus/", views.MenuList.as_view(), name="menus"),
    path("menus/items/", views.MenuItemsSave.as_view(), name="menu-items-save"),
    path("menus/<int:pk>/items/", views.MenuItems.as_view(), name="menu-items"),
    path("portals/menus/", views.PortalMenuList.as_view(), name="portal-menus"),
    path("portals/menus/items/", views.PortalMenuItemsSave.as_view(), name="portal-menu-items-save"),
]
