"""{% site_menu "main-menu" %}: the current site's menu (the portal's on a portal site), as nested links."""

from django import template
from wagtail.models import Site

from cms.menus.selectors import menu_for_site, visible_tree

register = template.Library()


def site_portal(request):
    """The portal whose Wagtail site serves this request (None on the academy's site)."""
    if request is None:
        return None
    cached = getattr(request, "_cms_portal", False)
    if cached is False:
        from lms.portals.models import Portal

        site = Site.find_for_request(request)
        cached = Portal.objects.filter(site=site).first() if site is not None else None
        request._cms_portal = cached
    return cached


@register.inclusion_tag("menus/menu.html", takes_context=True)
def site_menu(context, slug: str, css_class: str = ""):
    request = context.get("request")
    user = getattr(request, "user", None)
    portal = context.get("portal") or site_portal(request)
    menu = menu_for_site(slug, portal)
    return {"menu": menu, "nodes": visible_tree(menu, user, request), "slug": slug, "css_class": css_class}
