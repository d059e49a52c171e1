"""Bunny Stream (https://docs.bunny.net): videos of a library, and creating a library with its pull zone.

Settings: BUNNY_API_BASE_URL (account API, default https://api.bunny.net), BUNNY_API_KEY (account key),
BUNNY_STREAM_BASE_URL (library API, default https://video.bunnycdn.com), BUNNY_LIBRARY_ID and
BUNNY_LIBRARY_API_KEY (the library used until one is created through the API),
BUNNY_REPLICATION_REGIONS (list of region codes), LECTERN_MEDIA_PROVIDER_TIMEOUT (seconds).
"""

import requests
from django.conf import settings

from lms.media.clients import ProviderError

DEFAULT_API_BASE_URL = "https://api.bunny.net"
DEFAULT_STREAM_BASE_URL = "https://video.bunnycdn.com"

# Bunny's video status codes.
STATUS_FINISHED = 4
STATUS_FAILED = (5, 6)


def _segment(value) -> str:
    return requests.utils.quote(str(value), safe="")


class _BunnyApi:
    def __init__(self, base_url: str, access_key: str, timeout):
        self.base_url = base_url.rstrip("/")
        self.access_key = access_key
        self.timeout = timeout or getattr(settings, "LECTERN_MEDIA_PROVIDER_TIMEOUT", 10)

    def _call(self, method: str, path: str, **kwargs) -> dict:
        headers = {"AccessKey": self.access_key, "Accept": "application/json"}
        try:
            response = requests.request(
                method, f"{self.base_url}{path}", headers=headers, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise ProviderError(f"Bunny could not be reached: {exc}") from exc
        if response.status_code >= 400:
            raise ProviderError(f"Bunny answered {response.status_code}.", status=response.status_code)
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError as exc:
            raise ProviderError("Bunny answered with something other than JSON.") from exc


class BunnyStreamClient(_BunnyApi):
    """One video library, authenticated by the library's own API key."""

    def __init__(self, *, library_id, api_key, base_url=None, timeout=None):
        super().__init__(
            base_url or getattr(settings, "BUNNY_STREAM_BASE_URL", DEFAULT_STREAM_BASE_URL), api_key, timeout
        )
        self.library_id = library_id

    def get_video(self, video_id: str) -> dict:
        return self._call("GET", f"/library/{_segment(self.library_id)}/videos/{_segment(video_id)}")

    def delete_video(self, video_id: str) -> None:
        self._call("DELETE", f"/library/{_segment(self.library_id)}/videos/{_segment(video_id)}")


class BunnyAccountClient(_BunnyApi):
    """The account API (libraries, pull zones), authenticated by the account API key."""

    def __init__(self, *, api_key=None, base_url=None, timeout=None):
        super().__init__(
            base_url or getattr(settings, "BUNNY_API_BASE_URL", DEFAULT_API_BASE_URL),
            api_key if api_key is not None else getattr(settings, "BUNNY_API_KEY", ""),
            timeout,
        )

    def create_video_library(self, *, name: str, replication_regions: list[str]) -> dict:
        return self._call(
            "POST", "/videolibrary", json={"Name": name, "ReplicationRegions": list(replication_regions)}
        )

    def get_pull_zone(self, pull_zone_id) -> dict:
        return self._call("GET", f"/pullzone/{_segment(pull_zone_id)}")
