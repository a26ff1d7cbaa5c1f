"""One continuous clock for a recording whose timestamps start anywhere, wrap or jump (pure).

Court recorders stamp their streams with a wall clock (a file may start at 3601 s), MPEG-TS
timestamps are 33-bit and wrap around after 26.5 hours of clock, and a recorder whose clock is
reset, or two recordings joined byte by byte, leaves a jump in the middle of a file. The content
itself is continuous in all these cases, so:

- `Timeline.place(t, duration)` maps a stream's source time (seconds) to a continuous time: a step
  between consecutive frames that is backwards or larger than `max_gap` seconds is a
  discontinuity, closed so the frame follows the previous one. Smaller gaps are kept (a real
  variable frame rate, a dropped frame).
- The output starts at 0 with the first video frame (`origin`); audio is placed against the same
  origin, so sound that starts before the picture is trimmed and sound that starts later is
  preceded by silence (`TrackBuffer`): picture and sound stay as they were recorded together.
- Several audio tracks are mixed sample by sample (`Mixer`).

Units: seconds (float) for times, samples for positions; audio arrays are float32
(channels × samples), as FFmpeg's planar 'fltp' format.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEFAULT_MAX_GAP = 1.0  # seconds: a step larger than this between frames is a discontinuity
AUDIO_TOLERANCE = 0.02  # seconds: smaller misplacements of an audio frame are not corrected


@dataclass
class Timeline:
    """Continuous time for one stream (see module docstring)."""

    max_gap: float = DEFAULT_MAX_GAP
    offset: float = 0.0
    expected: float | None = None
    jumps: list[tuple[float, float]] = field(default_factory=list)  # (continuous time, source time)

    def place(self, source_time: float, duration: float) -> float:
        if self.expected is not None:
            step = source_time + self.offset - self.expected
            if step > self.max_gap or step < -self.max_gap:
                self.jumps.append((self.expected, source_time))
                self.offset = self.expected - source_time
        placed = source_time + self.offset
        self.expected = placed + duration
        return placed


class TrackBuffer:
    """One audio track's samples on the output clock (position 0 = the first video frame)."""

    def __init__(self, rate: int, channels: int):
        self.rate, self.channels = rate, channels
        self.position = 0  # samples placed so far (including silence and trimmed-away time)
        self._chunks: list[np.ndarray] = []
        self._buffered = 0

    def add(self, start_seconds: float, samples: np.ndarray) -> None:
        """Place `samples` (channels × n) so that they start at `start_seconds` on the output clock."""
        target = round(start_seconds * self.rate)
        tolerance = int(AUDIO_TOLERANCE * self.rate)
        if target > self.position + tolerance:
            self._append(np.zeros((self.channels, target - self.position), np.float32))
        elif target < self.position - tolerance:
            samples = samples[:, self.position - target:]
        if samples.shape[1]:
            self._append(samples)

    def _append(self, samples: np.ndarray) -> None:
        self._chunks.append(samples)
        self._buffered += samples.shape[1]
        self.position += samples.shape[1]

    @property
    def buffered(self) -> int:
        return self._buffered

    def take(self, n: int) -> np.ndarray:
        """The next `n` buffered samples (zeros where the track has none)."""
        out = np.zeros((self.channels, n), np.float32)
        filled = 0
        while filled < n and self._chunks:
            chunk = self._chunks[0]
            used = min(n - filled, chunk.shape[1])
            out[:, filled:filled + used] = chunk[:, :used]
            filled += used
            if used == chunk.shape[1]:
                self._chunks.pop(0)
            else:
                self._chunks[0] = chunk[:, used:]
        self._buffered -= filled
        return out


class Mixer:
    """Sums the kept tracks sample by sample, as far as every one of them has arrived."""

    def __init__(self, tracks: list[TrackBuffer]):
        self.tracks = tracks
        self.position = 0  # samples mixed and handed out

    def ready(self, final: bool = False, until: int | None = None) -> np.ndarray | None:
        """Mix what all tracks have (or, when `final`, everything up to `until` samples)."""
        if final:
            end = until if until is not None else max(t.position for t in self.tracks)
        else:
            end = min(t.position for t in self.tracks)
            if until is not None:
                end = min(end, until)
        n = end - self.position
        if n <= 0:
            return None
        mixed = sum(track.take(n) for track in self.tracks)
        self.position = end
        return np.clip(mixed, -1.0, 1.0).astype(np.float32)
