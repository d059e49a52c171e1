"""Message responses and their schema: mutations answer {"message": ..., <documented extras>}."""

from rest_framework import serializers, status
from rest_framework.response import Response


def message_response(message: str, *, status_code: int = status.HTTP_200_OK, **extra) -> Response:
    return Response({"message": message, **extra}, status=status_code)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class IdMessageSerializer(MessageSerializer):
    id = serializers.IntegerField()
