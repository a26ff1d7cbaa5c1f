"""Names a stored file shows and downloads under (pure: no Flask, no database).

The original name is for display only; a download carries the stored content's extension, so it
never carries one that runs (`.exe`, `.js`, `.html` …) whatever the uploader named it.
"""
from __future__ import annotations

# The extension a download may carry, by the stored file's MIME type (set by the platform after
# validating or probing the content); any other type is served as `.bin`.
DOWNLOAD_EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/csv": ".csv", "image/jpeg": ".jpg",
    "video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm", "video/x-matroska": ".mkv",
    "video/x-msvideo": ".avi", "video/x-flv": ".flv", "video/x-ms-wmv": ".wmv", "video/mp2t": ".ts",
}
SAFE_DOWNLOAD_MIME = "application/octet-stream"


def clean_display_name(name: str | None, fallback: str = "未命名文件") -> str:
    """The original name for display only: path parts and control characters removed, ≤ 200 chars."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".")
    return name[:200] or fallback


def download_name(stored) -> str:
    """The name a download carries: the original name's stem with the stored content's extension.

    `判决书.docx` → `判决书.docx`; `录像.exe` holding an AVI → `录像.avi`; unknown content → `….bin`.
    """
    ext = DOWNLOAD_EXTENSIONS.get(stored.mime_type, ".bin")
    name = clean_display_name(stored.original_name)
    stem, dot, _suffix = name.rpartition(".")
    stem = stem if dot and stem else name
    return stem if stem.lower().endswith(ext) else stem + ext


def download_mime(stored) -> str:
    """The MIME type a download is served with: the stored one if it is a known kind, else bytes."""
    return stored.mime_type if stored.mime_type in DOWNLOAD_EXTENSIONS else SAFE_DOWNLOAD_MIME
