"""The learner's pages. Thin, like the API's views: they read through selectors, write through the
player, enrolment and rating services, and show a refusal's reason instead of an error page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lms.courses.models import CourseModule
from lms.enrollments.models import ModuleProgress
from lms.learner import selectors
from lms.learner.forms import RatingForm
from lms.modules.models import ModuleType
from lms.player import services as player
from lms.player.api.presenters import media_url, viewer_url
from lms.player.selectors import access_closed_reason, curriculum, module_detail, own_enrollment
from lms.ratings.services import course_rating_save
from lms.twofactor.forms import TwoFactorAuthenticationForm
from website.api.errors import Unprocessable


def _reasons(error: Unprocessable) -> list[str]:
    detail = error.detail if isinstance(error.detail, dict) else {"": error.detail}
    return [str(message) for messages_ in detail.values() for message in messages_]


class SignInView(auth_views.LoginView):
    """E-mail, password and, for those who enabled it, the 2FA code (throttled like the admin's)."""

    form_class = TwoFactorAuthenticationForm
    template_name = "learner/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "/"


@login_required
def dashboard(request):
    return render(request, "learner/dashboard.html", {"dashboard": selectors.dashboard(request.user)})


@login_required
def course(request, registration_id):
    """The course's home: progress, the curriculum with locks and their reasons, the certificate and
    the rating form. Opening it starts (or resumes) the course while access is open."""
    enrollment = own_enrollment(request.user, registration_id)
    closed = access_closed_reason(enrollment)
    if not closed:
        enrollment = player.player_launch(actor=request.user, enrollment=enrollment)
    page = selectors.course_page(curriculum(enrollment))
    form = RatingForm(initial=_rating_initial(page.rating))
    return render(
        request,
        "learner/course.html",
        {"enrollment": enrollment, "page": page, "closed": closed, "form": form},
    )


def _rating_initial(rating) -> dict:
    if rating is None:
        return {}
    return {"rating": rating.rating, "reviews": rating.reviews, "display_name": rating.display_name}


def _course_module(enrollment, course_module_id) -> CourseModule:
    return get_object_or_404(
        CourseModule.objects.select_related("module"), pk=course_module_id, course_id=enrollment.course_id
    )


def _closed(request, enrollment, row, reason: str):
    context = {"enrollment": enrollment, "row": row, "reason": reason}
    return render(request, "learner/module_closed.html", context, status=403)


@login_required
def module(request, registration_id, course_module_id):
    """One module, as the learner works on it: opening it counts a visit (a module that does not
    track completion completes here); the page then reports time spent as the learner stays."""
    enrollment = own_enrollment(request.user, registration_id)
    row = _course_module(enrollment, course_module_id)
    closed = access_closed_reason(enrollment)
    if closed:
        return _closed(request, enrollment, row, closed)
    try:
        progress = player.player_open_module(actor=request.user, enrollment=enrollment, course_module=row)
    except Unprocessable as error:
        return _closed(request, enrollment, row, " ".join(_reasons(error)))
    plan = curriculum(own_enrollment(request.user, registration_id))
    row = plan.rows[plan.rows.index(row)]  # with the module's detail loaded
    previous, following = plan.neighbours(row)
    detail = module_detail(row.module)
    file_url = media_url(getattr(detail, "media", None), getattr(detail, "url", ""))
    context = {
        "enrollment": plan.enrollment,
        "plan": plan,
        "row": row,
        "progress": progress,
        "detail": detail,
        "file_url": file_url,
        "viewer_url": _viewer(request, row, detail, file_url),
        "video": selectors.video_source(detail) if row.module.module_type == ModuleType.VIDEO else None,
        "previous": previous,
        "following": following,
        "following_open": following is not None and plan.availability[following.pk].available,
        "time_to_spend": max(row.min_time_minutes * 60 - progress.time_spent_seconds, 0),
        "idle_after": settings.LECTERN_PLAYER_IDLE_SECONDS,
    }
    templates = [f"learner/modules/{row.module.module_type}.html", "learner/modules/_module.html"]
    return render(request, templates, context)


def _viewer(request, row, detail, file_url: str) -> str:
    """A PowerPoint's office viewer address (it fetches the file, so the file's address is absolute)."""
    if row.module.module_type != ModuleType.POWERPOINT or detail is None or not file_url:
        return ""
    return "https:" + viewer_url(detail.viewer, request.build_absolute_uri(file_url))


@login_required
@require_POST
def mark_complete(request, registration_id, course_module_id):
    """Complete the module, then go on: to the next module when it is open, else to the course page
    (where the certificate waits when this completed the course)."""
    enrollment = own_enrollment(request.user, registration_id)
    row = _course_module(enrollment, course_module_id)
    here = reverse("learner:module", args=[enrollment.pk, row.pk])
    closed = access_closed_reason(enrollment)
    if closed:
        messages.error(request, closed)
        return redirect(here)
    progress = ModuleProgress.objects.filter(enrollment=enrollment, course_module=row).first()
    if progress is None:  # completing straight from a stale page: the visit is recorded first
        try:
            progress = player.player_open_module(actor=request.user, enrollment=enrollment, course_module=row)
        except Unprocessable as error:
            messages.error(request, " ".join(_reasons(error)))
            return redirect(reverse("learner:course", args=[enrollment.pk]))
    watched, seconds = request.POST.get("watched", ""), request.POST.get("seconds", "")
    try:
        if seconds.isdigit() and int(seconds):
            progress = player.player_record_time(actor=request.user, row=progress, seconds=int(seconds))
        _progress, course_completed = player.player_mark_complete(
            actor=request.user,
            row=progress,
            watched_seconds=int(watched) if watched.isdigit() else None,
        )
    except Unprocessable as error:
        messages.error(request, " ".join(_reasons(error)))
        return redirect(here)
    if course_completed:
        messages.success(request, f"You completed {enrollment.course.name}. Well done!")
        return redirect(reverse("learner:course", args=[enrollment.pk]))
    messages.success(request, f"{row.module.name} completed.")
    plan = curriculum(own_enrollment(request.user, registration_id))
    _previous, following = plan.neighbours(row)
    if following is not None and plan.availability[following.pk].available:
        return redirect(reverse("learner:module", args=[enrollment.pk, following.pk]))
    return redirect(reverse("learner:course", args=[enrollment.pk]))


@login_required
def certificate(request, registration_id):
    """The learner's own issued certificate, as a PDF download (another learner's: 404)."""
    enrollment = own_enrollment(request.user, registration_id)
    if not enrollment.certificate_file:
        raise Http404
    return FileResponse(
        enrollment.certificate_file.open("rb"),
        as_attachment=True,
        filename=f"certificate-{enrollment.course.slug}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def rate(request, registration_id):
    enrollment = own_enrollment(request.user, registration_id)
    form = RatingForm(request.POST)
    target = reverse("learner:course", args=[enrollment.pk]) + "#rating"
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label or field.title()}: {' '.join(errors)}")
        return redirect(target)
    try:
        _rating, created = course_rating_save(
            actor=request.user, user=request.user, course=enrollment.course, **form.cleaned_data
        )
    except Unprocessable as error:
        messages.error(request, " ".join(_reasons(error)))
        return redirect(target)
    messages.success(request, "Thank you for rating this course." if created else "Your rating is updated.")
    return redirect(target)
