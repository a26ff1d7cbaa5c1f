"""The poster of a recording: an upright JPEG of a frame that shows the courtroom (pure, PyAV).

Candidates are taken at 10 %, 25 %, 40 %, 55 %, 70 % and 85 % of the recording (the first at most
5 s in, where the hearing has usually begun); the first whose picture is neither black nor a
flat colour (mean luma ≥ `MIN_MEAN_LUMA` and spread ≥ `MIN_LUMA_SPREAD`, 0–255 scale) is used,
else the brightest candidate. Written under a temporary name and renamed, so an interrupted run
leaves no half-made file.
"""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from reviewer.recordings.media import MediaError, open_media
from reviewer.recordings.picture import Upright

POSTER_MAX_WIDTH = 640
MIN_MEAN_LUMA = 24.0
MIN_LUMA_SPREAD = 8.0
FRACTIONS = (0.10, 0.25, 0.40, 0.55, 0.70, 0.85)
BROKEN = "无法从录像中截取封面画面，文件可能已损坏。"


def temp_name(out_path: Path) -> Path:
    return out_path.with_name(f".{out_path.name}.{os.getpid()}.part")


def _frame_at(container, video, at: float):
    start = float(video.start_time * video.time_base) if video.start_time is not None else 0.0
    if at > 0.5:
        try:
            container.seek(int((start + at) / video.time_base), stream=video, backward=True)
        except av.FFmpegError:
            return None
    frame = None
    for candidate in container.decode(video):
        frame = candidate
        if candidate.time is None or candidate.time >= start + at - 0.05:
            break
    return frame


def _looks(frame) -> tuple[float, float]:
    luma = frame.to_ndarray(format="gray").astype(np.float32)
    return float(luma.mean()), float(luma.std())


def make_poster(path: str | os.PathLike, out_path: str | os.PathLike,
                duration_seconds: float | None = None, rotation: int = 0) -> Path:
    """Write the poster JPEG (at most `POSTER_MAX_WIDTH` wide, upright) to `out_path`."""
    out_path = Path(out_path)
    tmp = temp_name(out_path)
    container = open_media(path)
    try:
        video = container.streams.video[0]
        if duration_seconds is None:
            duration_seconds = (container.duration or 0) / av.time_base
        best, best_mean = None, -1.0
        for i, fraction in enumerate(FRACTIONS):
            at = duration_seconds * fraction
            at = min(at, 5.0) if i == 0 else at
            frame = _frame_at(container, video, at)
            if frame is None:
                continue
            mean, spread = _looks(frame)
            if mean > best_mean:
                best, best_mean = frame, mean
            if mean >= MIN_MEAN_LUMA and spread >= MIN_LUMA_SPREAD:
                best = frame
                break
        if best is None:
            raise MediaError(BROKEN)
        upright = Upright(rotation, best.width, best.height, max_width=POSTER_MAX_WIDTH)
        image = upright(best).reformat(format="yuvj420p")
        encoder = av.CodecContext.create("mjpeg", "w")
        encoder.width, encoder.height = image.width, image.height
        encoder.pix_fmt = "yuvj420p"
        encoder.time_base = Fraction(1, 25)
        image.pts = 0
        packets = encoder.encode(image) + encoder.encode(None)
        if not packets:
            raise MediaError(BROKEN)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(b"".join(bytes(p) for p in packets))
        os.replace(tmp, out_path)
    except av.FFmpegError as exc:
        raise MediaError(BROKEN) from exc
    finally:
        container.close()
        tmp.unlink(missing_ok=True)
    return out_path



