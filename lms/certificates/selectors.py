"""Reads: the templates a caller may see (portal scope), and the media images usable as backgrounds."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from lms.certificates.models import CertificateTemplate
from lms.media.models import MediaFile, MediaKind
from lms.media.selectors import media_files
from website.tenancy import PortalScope


def certificate_templates(scope: PortalScope) -> QuerySet[CertificateTemplate]:
    """Templates in the caller's portals; academy templates (no portal) unless a portal is selected."""
    queryset = CertificateTemplate.objects.select_related("author", "background")
    return scope.filter(queryset, "portal", include_unassigned=scope.selected_portal_id is None)


def certificate_template_get(scope: PortalScope, pk) -> CertificateTemplate:
    template = certificate_templates(scope).filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def course_relation() -> str | None:
    """The query name from a template to the courses offering it (courses declare the relation)."""
    for relation in CertificateTemplate._meta.related_objects:
        if relation.related_model._meta.label == "courses.Course":
            return relation.related_name or relation.get_accessor_name()
    return None


def templates_of_course(queryset: QuerySet[CertificateTemplate], course_id: int) -> QuerySet:
    relation = course_relation()
    if relation is None:
        return queryset.none()
    return queryset.filter(**{f"{relation}__id": course_id}).distinct()


def background_images(scope: PortalScope) -> QuerySet[MediaFile]:
    """Images of the media library the caller may use."""
    return media_files(scope=scope).filter(kind=MediaKind.IMAGE).exclude(file="")


def background_by_url(scope: PortalScope, url: str) -> MediaFile | None:
    """The library image that `url` (absolute or relative, as `MediaFile.file.url` gives) points at."""
    path = unquote(urlsplit(url.strip()).path)
    prefix = urlsplit(settings.MEDIA_URL).path
    if not path.startswith(prefix):
        return None
    return background_images(scope).filter(file=path.removeprefix(prefix)).first()
