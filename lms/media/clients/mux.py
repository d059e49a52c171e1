"""Mux Video (https://docs.mux.com/api-reference): assets, their master (downloadable) copy, deletion.

Settings: MUX_BASE_URL (default https://api.mux.com), MUX_TOKEN_ID, MUX_TOKEN_SECRET,
LECTERN_MEDIA_PROVIDER_TIMEOUT (seconds, default 10).
"""

import requests
from django.conf import settings

from lms.media.clients import ProviderError

DEFAULT_BASE_URL = "https://api.mux.com"


class MuxClient:
    def __init__(self, *, base_url=None, token_id=None, token_secret=None, timeout=None):
        self.base_url = (base_url or getattr(settings, "MUX_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")
        self.auth = (
            token_id if token_id is not None else getattr(settings, "MUX_TOKEN_ID", ""),
            token_secret if token_secret is not None else getattr(settings, "MUX_TOKEN_SECRET", ""),
        )
        self.timeout = timeout or getattr(settings, "LECTERN_MEDIA_PROVIDER_TIMEOUT", 10)

    def _call(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = requests.request(
                method, f"{self.base_url}{path}", auth=self.auth, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise ProviderError(f"Mux could not be reached: {exc}") from exc
        if response.status_code >= 400:
            raise ProviderError(f"Mux answered {response.status_code}.", status=response.status_code)
        if not response.content:
            return {}
        try:
            return response.json().get("data") or {}
        except ValueError as exc:
            raise ProviderError("Mux answered with something other than JSON.") from exc

    def get_asset(self, asset_id: str) -> dict:
        return self._call("GET", f"/video/v1/assets/{_segment(asset_id)}")

    def enable_temporary_master_access(self, asset_id: str) -> dict:
        return self._call(
            "PUT",
            f"/video/v1/assets/{_segment(asset_id)}/master-access",
            json={"master_access": "temporary"},
        )

    def delete_asset(self, asset_id: str) -> None:
        self._call("DELETE", f"/video/v1/assets/{_segment(asset_id)}")


def _segment(value: str) -> str:
    """An id as one URL path segment (a stored id never steers the request elsewhere)."""
    return requests.utils.quote(str(value), safe="")
