"""Small real recordings written with PyAV for the hearing tests (no binaries in the repo)."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import math
import struct

import av

# container format → (file suffix, video encoder, audio encoder or None, pixel format)
FORMATS = {
    "mp4": ("mp4", "libx264", "aac", "yuv420p"),
    "webm": ("webm", "libvpx", "libopus", "yuv420p"),
    "mkv": ("mkv", "libx264", "aac", "yuv420p"),
    "avi": ("avi", "mpeg4", "mp3", "yuv420p"),
    "flv": ("flv", "flv", "mp3", "yuv420p"),
}


def encoder_exists(name: str) -> bool:
    try:
        av.codec.Codec(name, "w")
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False
    return True


def make_clip(directory: Path, kind: str = "mp4", seconds: float = 3.0, fps: int = 10,
              width: int = 160, height: int = 120, audio: bool = True, name: str | None = None,
              faststart: bool = False) -> Path:
    """Write a clip with a moving gradient and a tone; returns its path."""
    suffix, vcodec, acodec, pix_fmt = FORMATS[kind]
    path = Path(directory) / (name or f"clip.{suffix}")
    fmt = {"mkv": "matroska"}.get(kind, kind)
    options = {"movflags": "+faststart"} if faststart else {}
    with av.open(str(path), mode="w", format=fmt, options=options) as out:
        vs = out.add_stream(vcodec, rate=fps)
        vs.width, vs.height, vs.pix_fmt = width, height, pix_fmt
        as_ = None
        if audio and acodec:
            as_ = out.add_stream(acodec, rate=48000 if acodec == "libopus" else 44100)
            as_.layout = "mono"
        total = int(seconds * fps)
        for i in range(total):
            frame = _video_frame(width, height, i, pix_fmt)
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
        if as_ is not None:
            rate = as_.codec_context.sample_rate
            samples = int(seconds * rate)
            step = 1024 if acodec != "libopus" else 960
            for start in range(0, samples - step + 1, step):
                frame = _tone_frame(start, step, rate)
                out.mux(as_.encode(frame))
            out.mux(as_.encode(None))
    return path


def _video_frame(width: int, height: int, index: int, pix_fmt: str) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    luma = bytes((x * 255 // width + index * 7 + y) % 256 for y in range(height) for x in range(width))
    frame.planes[0].update(luma)
    chroma = (width // 2) * (height // 2)
    frame.planes[1].update(bytes([(index * 11) % 256]) * chroma)
    frame.planes[2].update(bytes([(255 - index * 5) % 256]) * chroma)
    return frame if pix_fmt == "yuv420p" else frame.reformat(format=pix_fmt)


def _tone_frame(start: int, samples: int, rate: int) -> av.AudioFrame:
    frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
    data = b"".join(struct.pack("<h", int(6000 * math.sin(2 * math.pi * 440 * (start + n) / rate)))
                    for n in range(samples))
    frame.planes[0].update(data)
    frame.sample_rate = rate
    frame.pts = start
    frame.time_base = Fraction(1, rate)
    return frame


def truncate(path: Path, keep_fraction: float, name: str | None = None) -> Path:
    """Copy the first `keep_fraction` of a file: a broken copy whose header may look complete."""
    data = path.read_bytes()
    target = path.with_name(name or f"truncated-{path.name}")
    target.write_bytes(data[: int(len(data) * keep_fraction)])
    return target
