"""Turning and sizing pictures, and choosing the sound to keep (pure: PyAV, no Flask).

- `Upright` turns decoded frames by the recording's rotation (FFmpeg's `transpose`/flip filters,
  the same ones the `ffmpeg` tool's autorotate uses) and scales them to even dimensions.
- `choose_audio` decides which audio tracks the playback file keeps, from the probe's levels:
  the tracks that carry sound are kept (mixed when there are several); silent tracks are dropped;
  when every track is silent the first is kept (the playback file then has silent sound, and the
  note says so). Never only a silent track while another carries sound.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import av

ROTATION_FILTERS = {90: [("transpose", "cclock")], 270: [("transpose", "clock")],
                    180: [("hflip", None), ("vflip", None)]}


def even(n: int) -> int:
    return max(2, n - n % 2)


class Upright:
    """Frames in, upright `yuv420p` frames of `width`×`height` (displayed size, even) out."""

    def __init__(self, rotation: int, coded_width: int, coded_height: int, max_width: int | None = None):
        self.rotation = rotation if rotation in ROTATION_FILTERS else 0
        shown_w, shown_h = ((coded_height, coded_width) if self.rotation in (90, 270)
                            else (coded_width, coded_height))
        if max_width and shown_w > max_width:
            shown_h, shown_w = round(shown_h * max_width / shown_w), max_width
        self.width, self.height = even(shown_w), even(shown_h)
        self._graph = None

    def _build(self, frame: av.VideoFrame) -> None:
        graph = av.filter.Graph()
        source = graph.add_buffer(width=frame.width, height=frame.height, format="yuv420p",
                                  time_base=Fraction(1, 90000))
        last = source
        for name, args in ROTATION_FILTERS[self.rotation]:
            node = graph.add(name, args) if args else graph.add(name)
            last.link_to(node)
            last = node
        sink = graph.add("buffersink")
        last.link_to(sink)
        graph.configure()
        self._graph, self._size = graph, (frame.width, frame.height)

    def __call__(self, frame: av.VideoFrame) -> av.VideoFrame:
        image = frame.reformat(format="yuv420p")
        if self.rotation:
            if self._graph is None or self._size != (image.width, image.height):
                self._build(image)
            image.pts, image.time_base = 0, Fraction(1, 90000)
            self._graph.push(image)
            image = self._graph.pull()
        if (image.width, image.height) != (self.width, self.height):
            image = image.reformat(width=self.width, height=self.height, format="yuv420p")
        return image


@dataclass(frozen=True)
class AudioChoice:
    """Which audio stream indexes the playback keeps, and the sentence the hearing page shows."""

    indexes: tuple[int, ...]
    note: str | None


def choose_audio(tracks: list[dict]) -> AudioChoice:
    """`tracks`: the probe's audio track dicts (index, number, title, carries_sound, level_db)."""
    if not tracks:
        return AudioChoice((), None)

    def name(t):
        return f"第 {t['number']} 条" + (f"（{t['title']}）" if t.get("title") else "")

    sounding = [t for t in tracks if t.get("carries_sound")]
    silent = [t for t in tracks if not t.get("carries_sound")]
    if len(tracks) == 1:
        only = tracks[0]
        return AudioChoice((only["index"],), None if only.get("carries_sound") else "录像的音轨无声。")
    if not sounding:
        return AudioChoice((tracks[0]["index"],),
                           f"共 {len(tracks)} 条音轨，均无声；保留{name(tracks[0])}音轨。")
    dropped = f"；{'、'.join(name(t) for t in silent)}无声，未采用" if silent else ""
    if len(sounding) == 1:
        return AudioChoice((sounding[0]["index"],),
                           f"共 {len(tracks)} 条音轨，保留有声的{name(sounding[0])}音轨{dropped}。")
    return AudioChoice(tuple(t["index"] for t in sounding),
                       f"共 {len(tracks)} 条音轨，混合有声的{'、'.join(name(t) for t in sounding)}"
                       f"音轨{dropped}。")
