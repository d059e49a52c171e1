"""Two-factor authentication of a user: details, prepare, confirm, disable.

Anyone signed in manages their own 2FA; `user_id` names another user, which only the owner and
admins (user types owner/admin) may do.
"""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from lms.accounts.models import UserType
from lms.twofactor import selectors, services
from lms.twofactor.api import serializers as s
from website.api.responses import message_response
from website.api.schema import seed_operation
from website.api.views import ApiView

MANAGERS = frozenset({UserType.OWNER, UserType.ADMIN})


class TwoFactorView(ApiView):
    permission_required = None  # every signed-in user, for themselves

    def target_user(self, data):
        user_id = data.get("user_id")
        caller = self.request.user
        if user_id in (None, caller.pk):
            return caller
        if caller.user_type not in MANAGERS and not caller.is_superuser:
            raise PermissionDenied
        return get_object_or_404(get_user_model(), pk=user_id)


@seed_operation("users_returns_2fa_details_for_a_user")
class TwoFactorDetail(TwoFactorView):
    query_serializer_class = s.TwoFactorUserQuerySerializer

    def get(self, request):
        user = self.target_user(self.parse_query())
        return Response(selectors.two_factor_details(user=user))

    @classmethod
    def get_response_schema(cls):
        return s.TwoFactorDetailsSerializer


@seed_operation(
    "users_prepares_qr_code_for_two_factor_authentication", responses=s.TwoFactorPrepareSerializer
)
class TwoFactorPrepare(TwoFactorView):
    input_serializer_class = s.TwoFactorUserInputSerializer

    def post(self, request):
        user = self.target_user(self.parse_body())
        return Response(services.two_factor_prepare(actor=request.user, user=user))


@seed_operation(
    "users_confirms_relation_between_aom_site_and_authenticator_app",
    responses=s.TwoFactorConfirmResultSerializer,
)
class TwoFactorConfirm(TwoFactorView):
    input_serializer_class = s.TwoFactorConfirmInputSerializer

    def post(self, request):
        data = self.parse_body()
        user = self.target_user(data)
        services.two_factor_confirm(
            actor=request.user, user=user, code=data["secretCode"], string_code=data.get("stringCode", "")
        )
        return message_response("Two Factor Authentication activated", status="success")


@seed_operation(
    "users_disable_two_factor_authentication_for_a_user", responses=s.TwoFactorDisableResultSerializer
)
class TwoFactorDisable(TwoFactorView):
    input_serializer_class = s.TwoFactorUserInputSerializer

    def post(self, request):
        user = self.target_user(self.parse_body())
        services.two_factor_disable(actor=request.user, user=user)
        return message_response("2factor authentication disabled successfully", qrcode=None, stringcode=None)
