"""Keep portal sites in step with lms.portals without editing it: a portal's Site (made by
lms.portals.services for its custom domain) is pointed at the portal's root page, and the portal's
admins are the members of its page editors' group; a deleted portal's pages are unpublished."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete


def portal_saved(sender, instance, **kwargs):
    from cms.pages import services

    if instance.site_id:
        services.portal_site_root_sync(portal=instance)


def portal_deleting(sender, instance, **kwargs):
    from cms.pages import services

    services.portal_site_retire(portal=instance)


def membership_changed(sender, instance, **kwargs):
    """One query when no portal in the membership's subtree has a site of its own (the usual case)."""
    from cms.pages import services
    from cms.pages.models import PortalHomePage

    try:
        portal = instance.portal
    except ObjectDoesNotExist:  # the portal itself is being deleted
        return
    homes = PortalHomePage.objects.filter(portal__path__startswith=portal.path).select_related("portal")
    for home in homes:
        services.portal_editors_sync(portal=home.portal, home=home)


def connect():
    from lms.portals.models import Portal, PortalMembership

    post_save.connect(portal_saved, sender=Portal, dispatch_uid="cms_portal_site_root")
    pre_delete.connect(portal_deleting, sender=Portal, dispatch_uid="cms_portal_site_retire")
    post_save.connect(membership_changed, sender=PortalMembership, dispatch_uid="cms_portal_editors_save")
    post_delete.connect(membership_changed, sender=PortalMembership, dispatch_uid="cms_portal_editors_delete")
