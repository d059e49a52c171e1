"""Request serializers shared by many endpoints."""

from rest_framework import serializers

from website.api.fields import IdListField


class DeleteIdsSerializer(serializers.Serializer):
    delete_ids = IdListField(allow_empty=False, help_text='Ids to delete: a JSON array or "[1,2,3]".')
