"""Recordings as court recorders and phones make them, written with PyAV in test set-up.

`make_recording` encodes a short clip (a moving picture whose top half is bright, so an upright
picture can be told from a rotated one, and one or more audio tracks: a 440 Hz tone or digital
silence) and then rewrites the packets' timestamps the way real equipment does:

- `start`: every stream starts at this clock time (a recorder's wall clock, in seconds);
- `audio_offset`: the audio's timestamps are this much later than the picture's (a stream offset);
- `wrap`: the clock is placed so that MPEG-TS's 33-bit timestamps wrap around `wrap` seconds in;
- `jump`: at `jump[0]` seconds in, every stream's clock jumps forward by `jump[1]` seconds
  (a recorder's clock reset/discontinuity: the content itself is continuous);
- `rotation`: the display matrix's angle as FFmpeg defines it (counter-clockwise degrees, what
  `frame.rotation` reports): the coded picture is the upright one turned the other way, so it is
  upright only if the player applies the rotation. `width`×`height` is the displayed size.
"""
from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

WRAP_SECONDS = (1 << 33) / 90000

# container → (muxer name, file suffix, video encoder, audio encoder, muxer options)
CONTAINERS = {
    "mp4": ("mp4", "mp4", "libx264", "aac", {}),
    "mov": ("mov", "mov", "libx264", "aac", {}),
    "ts": ("mpegts", "ts", "libx264", "aac", {}),
    "m2ts": ("mpegts", "m2ts", "libx264", "aac", {"mpegts_m2ts_mode": "1"}),
    "mkv": ("matroska", "mkv", "libx264", "aac", {}),
    "webm": ("webm", "webm", "libvpx", "libopus", {}),
    "avi": ("avi", "avi", "mpeg4", "mp3", {}),
    "flv": ("flv", "flv", "flv", "mp3", {}),
}
# Containers whose timestamps are 33-bit (MPEG-TS family): the only ones that wrap.
WRAPPING = ("ts", "m2ts")
# Containers that carry a display rotation.
ROTATING = ("mp4", "mov")
# Containers that hold several audio tracks (FLV holds one).
MULTI_AUDIO = ("mp4", "mov", "ts", "m2ts", "mkv", "webm", "avi")


def make_recording(directory: Path, container: str, seconds: float = 3.0, fps: int = 10,
                   width: int = 160, height: int = 96, tracks: tuple[str, ...] = ("tone",),
                   start: float = 0.0, audio_offset: float = 0.0, wrap: float | None = None,
                   jump: tuple[float, float] | None = None, rotation: int = 0,
                   name: str | None = None) -> Path:
    """Write the recording and return its path. `tracks` lists 'tone' or 'silent' per audio track."""
    muxer, suffix, vcodec, acodec, options = CONTAINERS[container]
    path = Path(directory) / (name or f"rec.{suffix}")
    if wrap is not None:
        start = WRAP_SECONDS - wrap
    with av.open(str(path), "w", format=muxer, options=dict(options)) as out:
        video = out.add_stream(vcodec, rate=fps)
        coded_w, coded_h = (height, width) if rotation in (90, 270) else (width, height)
        video.width, video.height, video.pix_fmt = coded_w, coded_h, "yuv420p"
        if vcodec == "libx264":
            video.codec_context.max_b_frames = 0  # pictures in presentation order
        if rotation:
            video.set_display_rotation(rotation)
        rate = 48000 if acodec == "libopus" else 44100
        audios = []
        for _kind in tracks:
            stream = out.add_stream(acodec, rate=rate)
            stream.layout = "mono"
            audios.append(stream)
        packets = []
        for i in range(round(seconds * fps)):
            frame = _picture(width, height, i, rotation)
            frame.pts, frame.time_base = i, Fraction(1, fps)
            packets += [(p, video) for p in video.encode(frame)]
        packets += [(p, video) for p in video.encode(None)]
        for kind, stream in zip(tracks, audios):
            step = 960 if acodec == "libopus" else 1152 if acodec == "mp3" else 1024
            for first in range(0, int(seconds * rate) - step + 1, step):
                packets += [(p, stream) for p in stream.encode(_sound(kind, first, step, rate))]
            packets += [(p, stream) for p in stream.encode(None)]
        for packet, stream in packets:
            shift = start + (audio_offset if stream is not video else 0.0)
            _retime(packet, packet.time_base, shift, jump)
        packets.sort(key=lambda ps: float(ps[0].dts * ps[0].time_base) if ps[0].dts is not None else 0)
        for packet, _stream in packets:
            out.mux(packet)
    return path


def _retime(packet, time_base, shift: float, jump) -> None:
    def move(ts):
        if ts is None:
            return None
        seconds = float(ts * time_base)
        if jump is not None and seconds >= jump[0]:
            seconds += jump[1]
        return round((seconds + shift) / time_base)
    packet.pts, packet.dts = move(packet.pts), move(packet.dts)


def _picture(width: int, height: int, index: int, rotation: int = 0) -> av.VideoFrame:
    """Top half bright, bottom half dark, a moving vertical bar: upright is recognisable.

    With a rotation, the upright picture is turned clockwise by it (the coded picture)."""
    luma = np.full((height, width), 40, np.uint8)
    luma[: height // 2, :] = 210
    x = (index * 3) % width
    luma[:, x:x + 4] = 128
    luma = np.ascontiguousarray(np.rot90(luma, k=-(rotation // 90)))
    h, w = luma.shape
    frame = av.VideoFrame(w, h, "yuv420p")
    _fill_plane(frame.planes[0], luma)
    for plane in (frame.planes[1], frame.planes[2]):
        _fill_plane(plane, np.full((h // 2, w // 2), 128, np.uint8))
    return frame


def _fill_plane(plane, data: np.ndarray) -> None:
    padded = np.zeros((data.shape[0], plane.line_size), np.uint8)
    padded[:, : data.shape[1]] = data
    plane.update(padded.tobytes())


def _sound(kind: str, first: int, samples: int, rate: int) -> av.AudioFrame:
    n = np.arange(first, first + samples)
    if kind == "tone":
        data = (0.3 * np.sin(2 * math.pi * 440 * n / rate)).astype(np.float32)
    else:
        data = np.zeros(samples, np.float32)
    frame = av.AudioFrame.from_ndarray(data.reshape(1, -1), format="fltp", layout="mono")
    frame.sample_rate, frame.pts, frame.time_base = rate, first, Fraction(1, rate)
    return frame


def concat_ts(first: Path, second: Path, target: Path) -> Path:
    """Byte-concatenate two MPEG-TS files: the timestamps jump where the second begins."""
    target.write_bytes(first.read_bytes() + second.read_bytes())
    return target
