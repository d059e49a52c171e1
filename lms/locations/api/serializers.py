from rest_framework import serializers

from lms.locations.models import Location
from website.api.formats import MonthFirstDateTimeField, TimestampField


class LocationInputSerializer(serializers.Serializer):
    location_name = serializers.CharField(max_length=255, source="name")
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    city = serializers.CharField(max_length=255, required=False, allow_blank=True)
    country = serializers.CharField(max_length=255, required=False, allow_blank=True)
    zipcode = serializers.CharField(max_length=32, required=False, allow_blank=True)
    map_url = serializers.URLField(max_length=1000, required=False, allow_blank=True)


class LocationRowSerializer(serializers.ModelSerializer):
    created_at = MonthFirstDateTimeField()

    class Meta:
        model = Location
        fields = ["id", "name", "address", "city", "country", "zipcode", "created_at"]


class LocationDetailSerializer(serializers.ModelSerializer):
    created_at = TimestampField()

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "address",
            "city",
            "country",
            "zipcode",
            "map_url",
            "created_by",
            "created_at",
        ]


class LocationDeleteResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    deletedLocations = serializers.IntegerField()


class LocationLookupQuerySerializer(serializers.Serializer):
    search_term = serializers.CharField(allow_blank=True, help_text="Part of a location's name.")
