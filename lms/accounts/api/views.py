from django.contrib.auth import logout
from knox.models import AuthToken
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from lms.accounts import selectors, services
from lms.accounts.api import serializers as s
from lms.accounts.api.serializers import CurrentUserSerializer, LoginSerializer, TokenSerializer
from lms.accounts.models import USER_SOURCE_DESCRIPTIONS, AddressType, UserSource, UserType
from lms.portals.models import Portal
from website.api.errors import Unprocessable
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import extra_operation, seed_operation, seed_operations_view
from website.api.serializers import DeleteIdsSerializer
from website.api.views import LOOKUP_LIMIT, ApiView, ChoicesLookupView, TabularListView, equals
from website.tenancy import portal_scope

# --- Auth (x_ operations) ------------------------------------------------------------------------


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


# --- Users ---------------------------------------------------------------------------------------

VIEW_USER = "accounts.view_user"
ADD_USER = "accounts.add_user"
CHANGE_USER = "accounts.change_user"
DELETE_USER = "accounts.delete_user"


class UsersApiView(ApiView):
    """Academy staff with the permission see every user; portal admins the users of their portals."""

    allow_portal_admins = True

    def visible_user(self, user_id: int):
        return selectors.user_get(self.portal_scope, user_id)


def users_search_filter(queryset, value):
    return selectors.users_search(queryset, str(value))


@seed_operation("users_user_type_lookup")
class UserTypeLookup(ChoicesLookupView):
    permission_required = VIEW_USER
    allow_portal_admins = True
    choices = UserType
    label_key = "display_name"


@seed_operations_view(
    get="users_tabular_list",
    post=("users_creates_a_new_user", {"responses": IdMessageSerializer}),
)
class UserCollection(UsersApiView, TabularListView):
    permission_required = {"GET": VIEW_USER, "POST": ADD_USER}
    row_serializer_class = s.UserRowSerializer
    input_serializer_class = s.UserCreateInputSerializer
    order_columns = {
        "id": "pk",
        "first_name": "first_name",
        "last_name": "last_name",
        "email": "email",
        "created_at": "date_joined",
        "last_login": "last_login",
        "display_type": "user_type",
        "user_type": "user_type",
        "source": "source",
    }
    default_ordering = ("-date_joined",)
    search_filters = {"nameOrEmail": users_search_filter, "userCategoryId": equals("categories__id")}

    def get_queryset(self):
        return selectors.users_for_table(self.portal_scope)

    def post(self, request):
        data = dict(self.parse_body())
        data.pop("portalId", None)
        scope = self.portal_scope
        portal = None
        if scope.selected_portal_id is not None:
            portal = Portal.objects.get(pk=scope.selected_portal_id)
        elif not scope.is_unrestricted:
            raise Unprocessable({"portalId": ["Name the portal the new user joins."]})
        user = services.user_create(
            actor=request.user,
            source=UserSource.API,
            portal=portal,
            send_welcome_email=True,
            **data,
        )
        return message_response("User created successfully", id=user.pk)


class UserDetail(UsersApiView):
    permission_required = {"GET": VIEW_USER, "PUT": CHANGE_USER}
    input_serializer_class = s.UserUpdateInputSerializer

    @seed_operation("users_retrieve_user_by_id", responses=s.UserDetailSerializer)
    def get(self, request, pk):
        user = self.visible_user(pk)
        return Response(s.UserDetailSerializer(user, context={"request": request}).data)

    @seed_operation("users_updates_an_existing_user", responses=MessageSerializer)
    def put(self, request, pk):
        user = self.visible_user(pk)
        data = dict(self.parse_body())
        data["is_active"] = not data.pop("disabled")
        if "internal_note" in data:
            data["internal_note"] = data["internal_note"] or ""
        services.user_update(actor=request.user, user=user, **data)
        return message_response("User updated successfully")


@seed_operation("users_updates_the_password_of_a_user", responses=MessageSerializer)
class UserPassword(UsersApiView):
    permission_required = CHANGE_USER
    input_serializer_class = s.UserPasswordInputSerializer

    def post(self, request):
        data = self.parse_body()
        user = self.visible_user(data["userId"])
        services.user_set_password(actor=request.user, user=user, password=data["password"])
        return message_response("Password updated successfully")


@seed_operation("users_delete_a_user_or_multiple_users", responses=s.UserDeleteResultSerializer)
class UserDelete(UsersApiView):
    permission_required = DELETE_USER
    input_serializer_class = DeleteIdsSerializer

    def post(self, request):
        result = services.users_bulk_delete(
            actor=request.user, scope=self.portal_scope, ids=self.parse_body()["delete_ids"]
        )
        return Response(result)


@seed_operation("users_retrieve_users_by_type", responses=s.UserSummarySerializer(many=True))
class UsersByType(UsersApiView):
    permission_required = VIEW_USER
    query_serializer_class = s.UsersByTypeQuerySerializer

    def get(self, request):
        query = self.parse_query()
        users = selectors.users_visible(self.portal_scope)
        if query.get("userType"):
            users = users.filter(user_type=query["userType"])
        users = users.order_by("first_name", "last_name", "email", "pk")[:LOOKUP_LIMIT]
        return Response(s.UserSummarySerializer(users, many=True).data)


@seed_operation("users_retrieve_users", responses=s.UserSummarySerializer(many=True))
class UserSearch(UsersApiView):
    permission_required = VIEW_USER
    query_serializer_class = s.UserSearchQuerySerializer

    def get(self, request):
        query = self.parse_query()
        # remote_user_search: every portal the caller may see, whatever portalId says.
        scope = portal_scope(request.user) if query["remote_user_search"] else self.portal_scope
        users = selectors.users_search(selectors.users_visible(scope), query["search_term"].strip('"'))
        if query.get("userType"):
            users = users.filter(user_type=query["userType"])
        users = users.order_by("first_name", "last_name", "email", "pk")[:LOOKUP_LIMIT]
        return Response(s.UserSummarySerializer(users, many=True).data)


@seed_operation("users_resend_new_account_email", responses=s.StatusMessageSerializer)
class ResendNewAccountEmail(UsersApiView):
    """Users the caller cannot see (or that do not exist) are ignored, as the seed documents."""

    permission_required = CHANGE_USER
    input_serializer_class = s.ResendNewAccountEmailInputSerializer

    def post(self, request):
        data = self.parse_body()
        users = selectors.users_visible(self.portal_scope).filter(pk__in=data["user_id"]).order_by("pk")
        services.users_resend_new_account_email(actor=request.user, users=list(users))
        return Response(
            {"status": "success", "message": "New Password is created and New Account Email Sent."}
        )


@seed_operation("users_get_all_user_sources", responses=s.UserSourcesSerializer)
class UserSources(UsersApiView):
    """The sources are the same for every portal; a portal the caller may not see is still a 404."""

    permission_required = VIEW_USER

    def get(self, request):
        self.portal_scope  # noqa: B018 - validates portalId (404 for a hidden portal)
        records = [
            {
                "id": position,
                "name": source.label,
                "identifier": source.value,
                "description": USER_SOURCE_DESCRIPTIONS[source],
            }
            for position, source in enumerate(UserSource, start=1)
        ]
        return Response({"records": records})


@seed_operation("users_retrieve_user_activities")
class UserActivities(UsersApiView, TabularListView):
    permission_required = VIEW_USER
    query_serializer_class = s.ActivitiesQuerySerializer
    row_serializer_class = s.UserActivityRowSerializer
    order_columns = {"created_at": "created_at", "verb": "action", "id": "pk"}
    default_ordering = ("-created_at",)

    def get_queryset(self):
        user_id = self.query.get("user_id") or self.request.user.pk
        user = self.request.user if user_id == self.request.user.pk else self.visible_user(user_id)
        return selectors.activities_by(self.portal_scope, user)


# --- Addresses -----------------------------------------------------------------------------------


@seed_operation("users_insert_address", responses={201: MessageSerializer})
class AddressCollection(UsersApiView):
    permission_required = CHANGE_USER
    input_serializer_class = s.AddressInputSerializer

    def post(self, request):
        data = dict(self.parse_body())
        user = self.visible_user(data.pop("user_id"))
        services.ensure_may_manage(request.user, user)
        billing_id = data.pop("billing_address_id", None)
        if billing_id is not None:
            data["billing_address"] = selectors.addresses_of(user).filter(pk=billing_id).first()
            if data["billing_address"] is None:
                raise Unprocessable({"billing_address_id": ["Not a billing address of this user."]})
        services.address_create(actor=request.user, user=user, **data)
        return message_response("Address added successfully", status_code=status.HTTP_201_CREATED)


class AddressDetail(UsersApiView):
    permission_required = {"GET": VIEW_USER, "PUT": CHANGE_USER}
    input_serializer_class = s.AddressUpdateInputSerializer

    @seed_operation("users_retrieves_the_address_of_a_user_by_address_id", responses=s.AddressSerializer)
    def get(self, request, pk):
        return Response(s.AddressSerializer(selectors.address_get(self.portal_scope, pk)).data)

    @seed_operation("users_update_a_users_address", responses=MessageSerializer)
    def put(self, request, pk):
        address = selectors.address_get(self.portal_scope, pk)
        data = dict(self.parse_body())
        owner = self.visible_user(data.pop("user_id"))
        services.ensure_may_manage(request.user, address.user)
        services.ensure_may_manage(request.user, owner)
        services.address_update(actor=request.user, address=address, user=owner, **data)
        return message_response("Address updated successfully")


class UserAddressList(UsersApiView):
    permission_required = VIEW_USER
    address_type: str

    def get(self, request, pk):
        user = self.visible_user(pk)
        addresses = selectors.addresses_of(user, self.address_type)
        return Response(s.AddressSerializer(addresses, many=True).data)


@seed_operation("users_retrieve_all_billing_addresses_of_a_user", responses=s.AddressSerializer(many=True))
class UserBillingAddresses(UserAddressList):
    address_type = AddressType.BILLING


@seed_operation("users_get_shipping_address_by_id", responses=s.AddressSerializer(many=True))
class UserShippingAddresses(UserAddressList):
    address_type = AddressType.SHIPPING


@seed_operation("users_retrieves_the_default_address_of_a_user", responses=s.AddressSerializer)
class UserDefaultAddress(UsersApiView):
    permission_required = VIEW_USER
    query_serializer_class = s.DefaultAddressQuerySerializer

    def get(self, request, pk):
        user = self.visible_user(pk)
        address_type = self.parse_query().get("type") or AddressType.BILLING
        return Response(s.AddressSerializer(selectors.default_address(user, address_type)).data)
