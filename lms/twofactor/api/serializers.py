from rest_framework import serializers

from website.api.fields import LenientIntegerField


class TwoFactorUserQuerySerializer(serializers.Serializer):
    user_id = LenientIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Another user (owner and admins); default: you.",
    )


# The same `user_id`, sent in a request body: an empty subclass gives it its own schema component.
class TwoFactorUserInputSerializer(TwoFactorUserQuerySerializer):
    pass


class TwoFactorConfirmInputSerializer(TwoFactorUserQuerySerializer):
    secretCode = serializers.CharField(
        max_length=16, help_text="The 6-digit code shown by the authenticator app."
    )
    qrCode = serializers.CharField(
        required=False, allow_blank=True, help_text="Ignored; kept for compatibility."
    )
    stringCode = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="The string code from prepare; when given it must be the latest one. Never used as the secret.",
    )


class TwoFactorDetailsSerializer(serializers.Serializer):
    is2FactorAuthActive = serializers.BooleanField()
    qr_code = serializers.CharField(
        help_text="QR code (SVG data URI) of an unfinished enrolment, else empty."
    )
    string_code = serializers.CharField(help_text="Secret of an unfinished enrolment, else empty.")


class TwoFactorPrepareSerializer(serializers.Serializer):
    as_qr_code = serializers.CharField(help_text="The QR code as an SVG data URI.")
    as_uri = serializers.CharField(help_text="The otpauth:// provisioning URI.")
    as_string = serializers.CharField(help_text="The base32 secret, for manual entry.")


class TwoFactorConfirmResultSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()


class TwoFactorDisableResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    qrcode = serializers.CharField(allow_null=True)
    stringcode = serializers.CharField(allow_null=True)
