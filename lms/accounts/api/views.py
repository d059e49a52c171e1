from django.contrib.auth import logout
from knox.models import AuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from lms.accounts import services
from lms.accounts.api.serializers import CurrentUserSerializer, LoginSerializer, TokenSerializer
from website.api.responses import MessageSerializer, message_response
from website.api.schema import extra_operation
from website.api.views import ApiView


@extra_operation(
    "x_auth_login", tag="auth", summary="Sign in and receive an API token", responses=TokenSerializer
)
class LoginView(ApiView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"
    input_serializer_class = LoginSerializer

    def post(self, request):
        data = self.parse_body()
        user, token = services.api_login(request=request, **data)
        return Response(TokenSerializer({"token": token, "user": user}).data)


@extra_operation(
    "x_auth_logout", tag="auth", summary="Revoke the API token of this request", responses=MessageSerializer
)
class LogoutView(ApiView):
    def post(self, request):
        services.api_logout(token=request.auth if isinstance(request.auth, AuthToken) else None)
        if request.session is not None and request.user.is_authenticated and request.auth is None:
            logout(request)
        return message_response("Logged out successfully.")


@extra_operation("x_auth_me", tag="auth", summary="The signed-in user", responses=CurrentUserSerializer)
class CurrentUserView(ApiView):
    def get(self, request):
        return Response(CurrentUserSerializer(request.user).data)
