"""The hearings feature's entry for the app factory: imports every module that registers routes
on the shared `hearings` blueprint (recordings and programme) and exposes it as `bp`."""
from reviewer.hearings import library_views, programme_views, round_views  # noqa: F401
from reviewer.recordings import upload_views, views  # noqa: F401
from reviewer.recordings.blueprint import bp

__all__ = ["bp"]
