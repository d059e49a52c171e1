"""HTTP clients of the video providers (Mux, Bunny), each at a base URL taken from settings."""


class ProviderError(Exception):
    """The provider could not be reached or refused the call (`status` is its HTTP status, if any)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status

    @property
    def not_found(self) -> bool:
        return self.status == 404
