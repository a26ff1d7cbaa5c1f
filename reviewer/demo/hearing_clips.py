"""Small real recordings for the demo hearings, written with PyAV (no binaries in the repository).

A clip is a moving diagonal test pattern with a coloured band that slides across the picture, a
burnt-in frame counter in the form of a bar, and a steady tone — enough to see that playback,
seeking and the poster frame work. Frames are built by slicing one precomputed byte ramp (no
per-pixel Python loops), so a 30-second 320×240 clip costs a fraction of a second of CPU.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

WIDTH, HEIGHT, FPS = 320, 240, 10
AUDIO_RATE = 44100
TONE_PERIOD = 100  # samples: 441 Hz at 44.1 kHz, so one period tiles exactly

# container → (format name, video encoder, audio encoder)
KINDS = {
    "mp4": ("mp4", "libx264", "aac"),
    "avi": ("avi", "mpeg4", "mp3"),
}


def _tone_period(volume: int = 5000) -> bytes:
    import math
    import struct

    return b"".join(struct.pack("<h", int(volume * math.sin(2 * math.pi * n / TONE_PERIOD)))
                    for n in range(TONE_PERIOD))


def _frame(index: int, hue: int, ramp: bytes) -> av.VideoFrame:
    frame = av.VideoFrame(WIDTH, HEIGHT, "yuv420p")
    shift = (index * 6) % 256
    rows = [ramp[(y + shift) % 256:(y + shift) % 256 + WIDTH] for y in range(HEIGHT)]
    # A bright band sliding left to right, and a progress bar along the bottom.
    band = (index * 8) % WIDTH
    bar = int(WIDTH * (index % (FPS * 10)) / (FPS * 10))
    for y in range(HEIGHT // 3, HEIGHT // 3 + 24):
        row = bytearray(rows[y])
        row[band:band + 24] = b"\xeb" * len(row[band:band + 24])
        rows[y] = bytes(row)
    for y in range(HEIGHT - 10, HEIGHT):
        rows[y] = b"\xeb" * bar + b"\x10" * (WIDTH - bar)
    frame.planes[0].update(b"".join(rows))
    chroma = (WIDTH // 2) * (HEIGHT // 2)
    frame.planes[1].update(bytes([(hue + index) % 256]) * chroma)
    frame.planes[2].update(bytes([(255 - hue) % 256]) * chroma)
    return frame


def make_clip(path: Path, seconds: int, hue: int, kind: str = "mp4") -> Path:
    """Write a `seconds`-long clip of `kind` ('mp4': H.264/AAC; 'avi': MPEG-4/MP3) to `path`."""
    fmt, vcodec, acodec = KINDS[kind]
    ramp = bytes(range(256)) * ((WIDTH + 512) // 256 + 1)
    options = {"movflags": "+faststart"} if kind == "mp4" else {}
    with av.open(str(path), mode="w", format=fmt, options=options) as out:
        video = out.add_stream(vcodec, rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        if vcodec == "libx264":
            video.options = {"preset": "veryfast", "crf": "30"}
        else:
            video.bit_rate = 400_000  # the encoder's default is visibly blocky at this size
        audio = out.add_stream(acodec, rate=AUDIO_RATE)
        audio.layout = "mono"
        for i in range(seconds * FPS):
            frame = _frame(i, hue, ramp)
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        period = _tone_period()
        step = 1152 if acodec == "mp3" else 1024
        pcm = period * (step // TONE_PERIOD + 2)
        for start in range(0, seconds * AUDIO_RATE - step + 1, step):
            offset = (start % TONE_PERIOD) * 2
            frame = av.AudioFrame(format="s16", layout="mono", samples=step)
            frame.planes[0].update(pcm[offset:offset + step * 2])
            frame.sample_rate, frame.pts, frame.time_base = AUDIO_RATE, start, Fraction(1, AUDIO_RATE)
            out.mux(audio.encode(frame))
        out.mux(audio.encode(None))
    return path
