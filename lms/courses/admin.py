"""The course admin: the curriculum inline in order (up/down buttons), actions, object permissions.

Everything a save changes (fields, categories, certificate templates, curriculum) goes through
`services.course_save` in one call, so the admin validates drafts and published courses exactly as
the API does. An instructor granted a course (guardian's object permission) sees and edits only it.
"""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet

from lms.certificates.models import CertificateTemplate, CertificateTemplateStatus
from lms.courses import services
from lms.courses.models import Course, CourseModule, CourseStatus
from website.admin import AdminServices, LecternModelAdmin, ServiceResource
from website.api.errors import Unprocessable

COURSE_FORM_FIELDS = (
    "name",
    "status",
    "portal",
    "author",
    "featured_image_url",
    "instructions",
    "credits",
    "estimated_completion",
    "estimation_completed_unit",
    "min_passing_percentage",
    "grading_rule",
    "duration_rule",
    "duration_specific_date",
    "duration_days",
    "reward_type",
    "badge",
    "points",
    "certificate_templates",
    "certificate_expires_after",
    "certificate_expires_after_grace_period",
    "completion_redirection_url",
    "enable_course_rating",
    "completion_criteria",
    "categories",
)
SCALAR_FIELDS = tuple(
    name for name in COURSE_FORM_FIELDS if name not in ("categories", "certificate_templates")
)
CURRICULUM_FORM_FIELDS = (
    "module",
    "section",
    "drip_rule",
    "drip_fixed_date",
    "drip_interval",
    "drip_interval_unit",
    "drip_reference",
    "is_locked",
    "reward_type",
    "badge",
    "points",
    "min_time_minutes",
    "is_graded",
    "counts_for_completion",
    "order",
)


def curriculum_items(formset) -> list[dict]:
    """The inline's rows (deleted ones left out) in their order, as course_save's curriculum items."""
    kept = [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("module") and not form.cleaned_data.get("DELETE")
    ]
    kept.sort(key=lambda data: data.get("order") or 0)
    items = []
    for data in kept:
        item = {
            name: data.get(name)
            for name in CURRICULUM_FORM_FIELDS
            if name not in ("module", "badge", "order")
        }
        item.update(module_id=data["module"].pk, badge_id=data["badge"].pk if data.get("badge") else None)
        item["section"] = item["section"] or ""
        items.append(item)
    return items


class CurriculumFormSet(BaseInlineFormSet):
    """Checks the whole course once its curriculum is known: a published course must be complete."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        course = self.instance
        if course.status != CourseStatus.PUBLISHED:
            return
        rows = [CourseModule(**item) for item in curriculum_items(self)]
        errors = services.course_publish_errors(course, rows, [])
        if errors:
            raise forms.ValidationError([message for texts in errors.values() for message in texts])


class CourseModuleInline(admin.TabularInline):
    model = CourseModule
    formset = CurriculumFormSet
    fields = CURRICULUM_FORM_FIELDS
    raw_id_fields = ("module",)
    extra = 0
    ordering = ("order", "id")
    classes = ["js-curriculum-order"]

    class Media:
        js = ["courses/curriculum-order.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "order":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CourseResource(ServiceResource):
    admin_services: AdminServices
    service_fields = SCALAR_FIELDS

    class Meta:
        model = Course
        fields = ("id", *SCALAR_FIELDS, "slug", "created_at")
        import_id_fields = ("id",)
        skip_unchanged = True


@admin.register(Course)
class CourseAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="course",
        create=services.course_create,
        update=services.course_update,
        bulk_delete=lambda *, actor, ids: services.courses_bulk_delete(
            actor=actor, courses=Course.objects.all(), ids=ids
        )["message"],
    )
    portal_field = "portal"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "status",
                    "portal",
                    "author",
                    "categories",
                    "featured_image_url",
                    "instructions",
                )
            },
        ),
        (
            "Rules",
            {
                "fields": (
                    "credits",
                    ("estimated_completion", "estimation_completed_unit"),
                    ("grading_rule", "min_passing_percentage"),
                    ("duration_rule", "duration_specific_date", "duration_days"),
                    "completion_criteria",
                    ("reward_type", "badge", "points"),
                    "enable_course_rating",
                    "completion_redirection_url",
                )
            },
        ),
        (
            "Certificates",
            {
                "fields": (
                    "certificate_templates",
                    ("certificate_expires_after", "certificate_expires_after_grace_period"),
                )
            },
        ),
    )
    inlines = [CourseModuleInline]
    list_display = ("name", "status", "portal", "author", "created_at")
    list_filter = ("status", "categories", "portal")
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)
    filter_horizontal = ("categories", "certificate_templates")
    actions = ["clone_courses", "deep_clone_courses", "publish_courses", "draft_courses"]
    object_grants = True  # an instructor granted a course sees and edits only that course

    def get_resource_classes(self, request):
        return [type("CourseServiceResource", (CourseResource,), {"admin_services": self.services})]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "certificate_templates":
            kwargs["queryset"] = CertificateTemplate.objects.filter(status=CertificateTemplateStatus.PUBLISH)
        if db_field.name == "categories":
            kwargs["queryset"] = db_field.related_model.objects.filter(type="course")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- Saving through the service ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Saved with its categories, templates and curriculum in save_related (one service call)."""

    def save_related(self, request, form, formsets, change):
        data = {name: form.cleaned_data[name] for name in SCALAR_FIELDS if name in form.cleaned_data}
        if "categories" in form.cleaned_data:
            data["categories"] = [category.pk for category in form.cleaned_data["categories"]]
        if "certificate_templates" in form.cleaned_data:
            data["certificate_templates"] = [t.pk for t in form.cleaned_data["certificate_templates"]]
        for formset in formsets:
            # The service saves the rows; the admin's change message reads these lists.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is CourseModule:
                data["curriculum"] = curriculum_items(formset)
                data["grade_modules"] = [
                    item["module_id"] for item in data["curriculum"] if item["is_graded"]
                ]
                data["selected_modules"] = [
                    item["module_id"] for item in data["curriculum"] if item["counts_for_completion"]
                ]
        current = Course.objects.get(pk=form.instance.pk) if change else None
        saved = services.course_save(actor=request.user, course=current, data=data)
        form.instance.pk = saved.pk
        form.instance.slug = saved.slug
        form.instance._state.adding = False

    # --- Actions ----------------------------------------------------------------------------------

    def _clone(self, request, queryset, *, deep):
        for course in queryset:
            services.course_clone(actor=request.user, course=course, deep=deep)
        self.message_user(request, f"{queryset.count()} course(s) cloned.", messages.SUCCESS)

    @admin.action(description="Clone (same modules)", permissions=["add"])
    def clone_courses(self, request, queryset):
        self._clone(request, queryset, deep=False)

    @admin.action(description="Deep clone (copies of the modules)", permissions=["add"])
    def deep_clone_courses(self, request, queryset):
        self._clone(request, queryset, deep=True)

    def _set_status(self, request, queryset, status):
        try:
            changed = services.courses_set_status(actor=request.user, courses=queryset, status=status)
        except Unprocessable as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"": exc.detail}
            text = "; ".join(str(message) for texts in detail.values() for message in texts)
            self.message_user(request, f"Nothing changed: {text}", messages.ERROR)
            return
        self.message_user(request, f"{changed} course(s) set to {status}.", messages.SUCCESS)

    @admin.action(description="Publish", permissions=["change"])
    def publish_courses(self, request, queryset):
        self._set_status(request, queryset, CourseStatus.PUBLISHED)

    @admin.action(description="Set to draft", permissions=["change"])
    def draft_courses(self, request, queryset):
        self._set_status(request, queryset, CourseStatus.DRAFT)
