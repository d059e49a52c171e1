import json
import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.courses.models import (
    CompletionCriteria,
    Course,
    CourseStatus,
    DripIntervalUnit,
    DripReference,
    DripRule,
    DurationRule,
    EstimationUnit,
    GradingRule,
    RewardType,
)
from lms.modules.types import icon_for
from website.api.fields import IdListField, LenientIntegerField
from website.api.formats import MonthFirstDateTimeField

# --- Tolerant inputs -----------------------------------------------------------------------------


@extend_schema_field({"type": "string", "description": "One of the field's choices (any case)."})
class LowerChoiceField(serializers.ChoiceField):
    """A choice given in any case ("DRAFT", "Draft", "draft"); `aliases` map other spellings.

    Documented as text with its choices in the description: several fields share a choice set.
    """

    def __init__(self, choices, aliases=None, **kwargs):
        self.aliases = aliases or {}
        kwargs.setdefault("help_text", "One of: " + ", ".join(value for value, _label in choices if value))
        super().__init__(choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().strip('"').lower()
            data = self.aliases.get(data, data)
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "enum": GradingRule.values})
class GradingRuleField(LowerChoiceField):
    """The seed sends a rule ("avg_all_modules") or a list of rules ([{"type": ..., "weight": ...}]):
    the first one is the course's rule."""

    def __init__(self, **kwargs):
        super().__init__(GradingRule.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list):
            if not data:
                return GradingRule.NO_GRADING
            data = data[0].get("type") if isinstance(data[0], dict) else data[0]
        return super().to_internal_value(data)


@extend_schema_field({"type": "array", "items": {"oneOf": [{"type": "integer"}, {"type": "string"}]}})
class CategoryRefListField(serializers.ListField):
    """Course categories: ids (numbers or numeric text) or names (a new name creates the category)."""

    child = serializers.JSONField()

    def to_internal_value(self, data):
        if isinstance(data, str | int):
            data = (
                IdListField().to_internal_value(data) if isinstance(data, int) or data[:1] == "[" else [data]
            )
        if not isinstance(data, list):
            raise serializers.ValidationError("Expected a list of category ids or names.")
        refs = []
        for value in data:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise serializers.ValidationError("Each category is an id or a name.")
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            if isinstance(value, int) and value < 1:
                raise serializers.ValidationError("A category id is a positive number.")
            refs.append(value)
        return refs


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class SentinelIdListField(IdListField):
    """Module ids where the seed also sends -999 (no selection): non-positive values are dropped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.IntegerField())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return [value for value in super().to_internal_value(data) if value > 0]


class CurriculumModuleSerializer(serializers.Serializer):
    """A module in the curriculum, as Retrieve Course Details writes it (section_name: its section)."""

    module_id = LenientIntegerField(min_value=1)
    display_order = LenientIntegerField(required=False, allow_null=True)
    section_name = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=255)
    is_locked = serializers.BooleanField(required=False, default=False)
    drip_rules = LowerChoiceField(DripRule.choices, required=False, default=DripRule.IMMEDIATELY)
    drip_fixed_date = serializers.DateField(required=False, allow_null=True)
    drip_interval = LenientIntegerField(required=False, allow_null=True, min_value=0)
    drip_interval_unit = LowerChoiceField(
        DripIntervalUnit.choices, required=False, default=DripIntervalUnit.DAY
    )
    drip_calculation_reference = LowerChoiceField(
        DripReference.choices, required=False, default=DripReference.REGISTRATION_DATE
    )
    isModuleBadgeSelected = LowerChoiceField(
        RewardType.choices, required=False, allow_blank=True, allow_null=True
    )
    selectedModuleBadgeId = LenientIntegerField(required=False, allow_null=True, min_value=1)
    modulePoints = LenientIntegerField(required=False, allow_null=True, min_value=0)
    minSpentHour = LenientIntegerField(required=False, allow_null=True, min_value=0)
    minSpentMinutes = LenientIntegerField(required=False, allow_null=True, min_value=0)

    def to_curriculum_item(self, data: dict, section: str = "") -> dict:
        hours, minutes = data.get("minSpentHour") or 0, data.get("minSpentMinutes") or 0
        return {
            "module_id": data["module_id"],
            "display_order": data.get("display_order"),
            "section": (data.get("section_name") or section or "").strip(),
            "is_locked": data["is_locked"],
            "drip_rule": data["drip_rules"],
            "drip_fixed_date": data.get("drip_fixed_date"),
            "drip_interval": data.get("drip_interval"),
            "drip_interval_unit": data["drip_interval_unit"],
            "drip_reference": data["drip_calculation_reference"],
            "reward_type": data.get("isModuleBadgeSelected") or "",
            "badge_id": data.get("selectedModuleBadgeId"),
            "points": data.get("modulePoints") or 0,
            "min_time_minutes": hours * 60 + minutes,
        }


class CurriculumEntrySerializer(CurriculumModuleSerializer):
    """A curriculum entry: a module, or a section {"section_name", "modules": [...]} of modules."""

    module_id = LenientIntegerField(min_value=1, required=False)
    modules = CurriculumModuleSerializer(many=True, required=False)

    def validate(self, attrs):
        if "modules" in attrs:
            if not (attrs.get("section_name") or "").strip():
                raise serializers.ValidationError({"section_name": ["A section needs a name."]})
        elif "module_id" not in attrs:
            raise serializers.ValidationError({"module_id": ["This field is required."]})
        return attrs


def flatten_curriculum(entries: list[dict]) -> list[dict]:
    """Entries (modules and sections of modules) as one ordered list of module rows.

    The list order is the curriculum order; `display_order`, where given, sorts the rows first.
    """
    items = []
    helper = CurriculumModuleSerializer()
    for entry in entries:
        if "modules" in entry:
            section = entry["section_name"].strip()
            items += [helper.to_curriculum_item(child, section) for child in entry["modules"]]
        else:
            items.append(helper.to_curriculum_item(entry))
    ordered = sorted(
        enumerate(items),
        key=lambda pair: (
            pair[1]["display_order"] if pair[1]["display_order"] is not None else pair[0] + 1,
            pair[0],
        ),
    )
    result = []
    for _position, item in ordered:
        item.pop("display_order")
        result.append(item)
    return result


# --- Requests --------------------------------------------------------------------------------------

STATUS_ALIASES = {"publish": CourseStatus.PUBLISHED, "active": CourseStatus.PUBLISHED}


class CourseInputSerializer(serializers.Serializer):
    """Save Course and Update Course Details: every field optional (a new course needs a name)."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=255)
    status = LowerChoiceField(CourseStatus.choices, aliases=STATUS_ALIASES, required=False)
    featuredImageUrl = serializers.URLField(
        required=False, allow_blank=True, allow_null=True, max_length=1000, source="featured_image_url"
    )
    instructions = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    credits = LenientIntegerField(required=False, allow_null=True, min_value=0)
    estimatedCompletion = LenientIntegerField(
        required=False, allow_null=True, min_value=0, source="estimated_completion"
    )
    estimationCompletedUnit = LowerChoiceField(
        EstimationUnit.choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        source="estimation_completed_unit",
    )
    minPassingPercentage = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        source="min_passing_percentage",
    )
    gradingRule = GradingRuleField(required=False, source="grading_rule")
    gradeModules = SentinelIdListField(required=False, source="grade_modules")
    durationRule = LowerChoiceField(DurationRule.choices, required=False, source="duration_rule")
    durationSpecificDate = serializers.DateField(
        required=False, allow_null=True, source="duration_specific_date"
    )
    durationDays = LenientIntegerField(required=False, allow_null=True, min_value=0, source="duration_days")
    isBadgeSelected = LowerChoiceField(
        RewardType.choices, required=False, allow_blank=True, allow_null=True, source="reward_type"
    )
    selectedBadgeId = LenientIntegerField(required=False, allow_null=True, min_value=1, source="badge_id")
    points = LenientIntegerField(required=False, allow_null=True, min_value=0)
    certificateTemplates = IdListField(required=False, source="certificate_templates")
    certificateExpiresAfter = LenientIntegerField(
        required=False, allow_null=True, min_value=0, source="certificate_expires_after"
    )
    certificateExpiresAfterGracePeriod = LenientIntegerField(
        required=False, allow_null=True, min_value=0, source="certificate_expires_after_grace_period"
    )
    completionRedirectionUrl = serializers.URLField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=1000,
        source="completion_redirection_url",
    )
    enableCourseRating = serializers.BooleanField(required=False, source="enable_course_rating")
    completionCriteria = LowerChoiceField(
        CompletionCriteria.choices, required=False, source="completion_criteria"
    )
    selectedModules = SentinelIdListField(required=False, source="selected_modules")
    categories = CategoryRefListField(required=False)
    shopifyProducts = IdListField(required=False, source="shopify_products")
    accredibleGroupId = IdListField(required=False, source="accredible_group_ids")
    modules = CurriculumEntrySerializer(many=True, required=False, source="curriculum")
    portalId = LenientIntegerField(
        required=False,
        allow_null=True,
        help_text="The course's portal (a new course only); absent: the academy.",
    )

    BLANK_IS_EMPTY = (
        "featured_image_url",
        "instructions",
        "estimation_completed_unit",
        "completion_redirection_url",
    )

    def to_internal_value(self, data):
        # Form posts and some clients send the curriculum as JSON text: decode a JSON array.
        if hasattr(data, "get") and isinstance(data.get("modules"), str):
            try:
                decoded = json.loads(data["modules"])
            except ValueError:
                decoded = None
            if isinstance(decoded, list):
                data = {**data, "modules": decoded}
        return super().to_internal_value(data)

    def validate(self, attrs):
        for name in self.BLANK_IS_EMPTY:
            if name in attrs and attrs[name] is None:
                attrs[name] = ""
        for name in ("points",):
            if name in attrs and attrs[name] is None:
                attrs[name] = 0
        if "reward_type" in attrs and attrs["reward_type"] is None:
            attrs["reward_type"] = ""
        if "curriculum" in attrs:
            attrs["curriculum"] = flatten_curriculum(attrs["curriculum"])
        attrs.pop("portalId", None)
        return attrs


class CourseIdsQuerySerializer(serializers.Serializer):
    courseIds = IdListField(help_text="Course ids: [1,2,3] or 1.")


class CourseLookupQuerySerializer(serializers.Serializer):
    search_term = serializers.CharField(allow_blank=True, help_text="Part of a course's name.")
    portalId = LenientIntegerField(required=False, allow_null=True, help_text="-1: every portal.")
    type = serializers.CharField(required=False, allow_blank=True, help_text='"report" for reports.')


class CourseQuickEditSerializer(serializers.Serializer):
    course_ids = IdListField(allow_empty=False)
    author_id = LenientIntegerField(required=False, allow_null=True, min_value=1)
    categories_id = CategoryRefListField(required=False, allow_null=True)


class CourseCloneSerializer(serializers.Serializer):
    course_id = LenientIntegerField(min_value=1)
    isDeepCopy = serializers.BooleanField()


# --- Responses ---------------------------------------------------------------------------------------


class CourseRowSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    display_status = serializers.CharField(source="get_status_display")
    categories = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    created_at = MonthFirstDateTimeField()
    certificate_template_id = serializers.SerializerMethodField()
    accredible_group_id = serializers.ListField(
        child=serializers.IntegerField(), source="accredible_group_ids"
    )

    class Meta:
        model = Course
        fields = [
            "id",
            "name",
            "slug",
            "status",
            "display_status",
            "categories",
            "author",
            "created_at",
            "certificate_template_id",
            "accredible_group_id",
        ]

    def get_status(self, course) -> str:
        return course.status.upper()

    def get_categories(self, course) -> str:
        return ", ".join(category.name for category in course.categories.all())

    def get_author(self, course) -> str:
        return (course.author.full_name or course.author.email) if course.author else ""

    def get_certificate_template_id(self, course) -> int | None:
        templates = getattr(course, "template_list", None)
        if templates is None:
            templates = list(course.certificate_templates.all())
        return templates[0].pk if templates else None


class CourseDropdownSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def icon_class(module_type: str) -> str:
    match = re.search(r'class="([^"]+)"', icon_for(module_type))
    return match.group(1) if match else ""


class CurriculumModuleOutSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    display_type = serializers.CharField()
    icon = serializers.CharField()


class CurriculumSectionOutSerializer(serializers.Serializer):
    section_name = serializers.CharField()
    modules = CurriculumModuleOutSerializer(many=True)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "oneOf": [
                {"$ref": "#/components/schemas/CurriculumModuleOut"},
                {"$ref": "#/components/schemas/CurriculumSectionOut"},
            ]
        },
    }
)
class CurriculumEntriesField(serializers.ListField):
    """Modules outside sections, and sections {section_name, modules}, in curriculum order."""

    child = serializers.DictField()


class CourseCurriculumSerializer(serializers.Serializer):
    name = serializers.CharField()
    modules = CurriculumEntriesField()


class CourseModuleDetailSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    display_order = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    icon = serializers.CharField()
    section_name = serializers.CharField(allow_blank=True)
    is_locked = serializers.BooleanField()
    drip_rules = serializers.CharField()
    drip_fixed_date = serializers.DateField(allow_null=True)
    drip_interval = serializers.IntegerField(allow_null=True)
    drip_interval_unit = serializers.CharField()
    drip_calculation_reference = serializers.CharField()
    selectedModuleBadgeId = serializers.IntegerField(allow_null=True)
    modulePoints = serializers.IntegerField()
    isModuleBadgeSelected = serializers.CharField(allow_blank=True)
    minSpentHour = serializers.IntegerField()
    minSpentMinutes = serializers.IntegerField()


class LearningPathRefSerializer(serializers.Serializer):
    learning_path_id = serializers.IntegerField()
    learning_path_name = serializers.CharField()


class CourseDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    portalId = serializers.IntegerField(allow_null=True)
    featuredImageUrl = serializers.CharField(allow_blank=True)
    instructions = serializers.CharField(allow_blank=True)
    credits = serializers.IntegerField(allow_null=True)
    estimatedCompletion = serializers.IntegerField(allow_null=True)
    estimationCompletedUnit = serializers.CharField(allow_blank=True)
    minPassingPercentage = serializers.FloatField(allow_null=True)
    gradingRule = serializers.CharField()
    durationRule = serializers.CharField()
    durationSpecificDate = serializers.DateField(allow_null=True)
    durationDays = serializers.IntegerField(allow_null=True)
    selectedBadgeId = serializers.IntegerField(allow_null=True)
    isBadgeSelected = serializers.CharField(allow_blank=True)
    points = serializers.IntegerField()
    status = serializers.CharField()
    certificateTemplates = serializers.ListField(child=serializers.IntegerField())
    associatedProduct = serializers.ListField(child=serializers.DictField())
    shopifyProducts = serializers.ListField(child=serializers.IntegerField())
    certificateExpiresAfter = serializers.IntegerField(allow_null=True)
    certificateExpiresAfterGracePeriod = serializers.IntegerField(allow_null=True)
    completionRedirectionUrl = serializers.CharField(allow_blank=True)
    accredibleGroupId = serializers.ListField(child=serializers.IntegerField())
    enableCourseRating = serializers.BooleanField()
    completionCriteria = serializers.CharField()
    hasAssociatedProduct = serializers.BooleanField()
    modules = CourseModuleDetailSerializer(many=True)
    categories = serializers.ListField(child=serializers.IntegerField())
    gradeModules = serializers.ListField(child=serializers.IntegerField())
    selectedModules = serializers.ListField(child=serializers.IntegerField())
    learningPaths = LearningPathRefSerializer(many=True)
    learningResources = serializers.ListField(child=serializers.IntegerField())
    webinarList = serializers.ListField(child=serializers.DictField())
    selectedWebinars = serializers.ListField(child=serializers.IntegerField())


class CourseIdNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AutoEnrolledCourseSerializer(serializers.Serializer):
    courseId = serializers.IntegerField()
    courseName = serializers.CharField()


class CourseDeleteResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    deletedCourses = serializers.ListField(child=serializers.IntegerField())
    notDeletedCourses = serializers.ListField(child=serializers.IntegerField())
    enrolledCourses = CourseIdNameSerializer(many=True)
    notDeletedProductCourses = serializers.ListField(child=serializers.IntegerField())
    productCourses = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
    notDeletedAutoEnrolledCourses = serializers.ListField(child=serializers.IntegerField())
    autoEnrolledCourses = AutoEnrolledCourseSerializer(many=True)
    notDeletedLearningPathCourses = serializers.ListField(child=serializers.IntegerField())
    learningPathCourses = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
    notDeletedPortalCourses = serializers.ListField(child=serializers.IntegerField())
    portalCourses = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))


class DripOptionSerializer(serializers.Serializer):
    db_value = serializers.CharField()
    display_value = serializers.CharField()


class DripOptionsSerializer(serializers.Serializer):
    options = DripOptionSerializer(many=True)
    intervals = DripOptionSerializer(many=True)
    calculation_ref = DripOptionSerializer(many=True)
