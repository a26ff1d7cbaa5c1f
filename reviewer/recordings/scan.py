"""One reading pass over a recording: every track, its timing and whether the audio carries sound.

Pure (PyAV, numpy; no Flask). Used by `media.probe`. The pass demuxes every packet (the whole
file is read once) and decodes only the audio, to measure each track's level:

- level: the loudest 0.5-second window's RMS, in dBFS (0 = full scale; digital silence is
  `SILENCE_DB`). A track "carries sound" when that level is above `SOUND_THRESHOLD_DB` (-50 dBFS:
  a courtroom microphone with people speaking is typically -40…-15 dBFS, a spare channel's
  hiss below -60).
- video timing: frame count (packets), the first presentation time, discontinuities (a step
  between consecutive decode timestamps that is backwards or larger than the timeline's
  `max_gap`, see `timeline.Timeline`) and variable frame rate (frame intervals that differ by
  more than 10 % of the typical interval, outside discontinuities).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from itertools import pairwise

import av
import numpy as np

from reviewer.recordings.timeline import DEFAULT_MAX_GAP, Timeline

SOUND_THRESHOLD_DB = -50.0
SILENCE_DB = -120.0
WINDOW_SECONDS = 0.5
MAX_TAIL = 1000  # packets kept to decode the end of the picture (a GOP is far shorter)


@dataclass
class TrackInfo:
    """One audio or video track. Times in seconds, level in dBFS."""

    index: int
    kind: str  # 'video' | 'audio'
    codec: str
    title: str | None = None
    language: str | None = None
    start: float | None = None
    duration: float | None = None
    channels: int | None = None
    sample_rate: int | None = None
    level_db: float | None = None
    carries_sound: bool | None = None
    frames: int | None = None
    number: int = 0  # 1-based among the tracks of its kind

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        """How the hearing page names the track: 第 N 条音轨（title）."""
        return f"第 {self.number} 条音轨" + (f"（{self.title}）" if self.title else "")


@dataclass
class ScanResult:
    tracks: list[TrackInfo] = field(default_factory=list)
    discontinuities: int = 0
    variable_frame_rate: bool = False
    video_start: float | None = None
    video_frames: int = 0
    frame_interval: float | None = None
    video_duration: float = 0.0  # frames laid end to end, discontinuities closed
    last_time: float | None = None  # source end time of the last picture that decodes


class _Level:
    def __init__(self, rate: int):
        self.window = max(1, int(rate * WINDOW_SECONDS))
        self.sum, self.count, self.loudest = 0.0, 0, 0.0
        self.samples = 0

    def add(self, data: np.ndarray) -> None:
        mono = data.astype(np.float64)
        if mono.ndim == 2:
            mono = mono.mean(axis=0)
        self.samples += mono.shape[0]
        i = 0
        while i < mono.shape[0]:
            part = mono[i:i + self.window - self.count]
            self.sum += float(np.dot(part, part))
            self.count += part.shape[0]
            i += part.shape[0]
            if self.count >= self.window:
                self._close()

    def _close(self) -> None:
        if self.count:
            self.loudest = max(self.loudest, math.sqrt(self.sum / self.count))
        self.sum, self.count = 0.0, 0

    def db(self) -> float:
        self._close()
        return SILENCE_DB if self.loudest <= 1e-6 else round(20 * math.log10(self.loudest), 1)


def _seconds(value, time_base) -> float | None:
    return None if value is None or time_base is None else float(value * time_base)


def scan(container, video) -> ScanResult:
    """Read every packet of `container` (an open PyAV input); `video` is the picture stream."""
    audio = [s for s in container.streams.audio]
    levels = {s.index: _Level(s.codec_context.sample_rate or 48000) for s in audio}
    firsts: dict[int, float] = {}
    lasts: dict[int, float] = {}
    result = ScanResult()
    dts_seen: list[float] = []
    pts_seen: list[float] = []
    pairs: list[tuple[float, float]] = []  # (decode, presentation) times of the pictures
    tail: list = []  # the pictures' packets since the last keyframe: decoded at the end
    for packet in container.demux([video, *audio]):
        stream = packet.stream
        t = _seconds(packet.pts if packet.pts is not None else packet.dts, packet.time_base)
        if t is not None:
            firsts.setdefault(stream.index, t)
            lasts[stream.index] = max(lasts.get(stream.index, t), t)
        if stream is video:
            if packet.size:
                result.video_frames += 1
                tail = [packet] if packet.is_keyframe else (tail + [packet])[-MAX_TAIL:]
                pts = _seconds(packet.pts, packet.time_base)
                dts = _seconds(packet.dts, packet.time_base)
                if pts is not None:
                    pts_seen.append(pts)
                if dts is not None:
                    dts_seen.append(dts)
                    pairs.append((dts, pts if pts is not None else dts))
        elif packet.size:
            try:
                for frame in packet.decode():
                    levels[stream.index].add(frame.to_ndarray())
            except av.FFmpegError:
                continue
    _video_timing(result, pts_seen, dts_seen)
    result.last_time = _decode_tail(tail, result.frame_interval or 0.0)
    if pairs:  # presentation times with the discontinuities closed, as the transcode lays them
        interval = result.frame_interval or 0.0
        clock = Timeline()
        continuous = [pts + clock.place(dts, interval) - dts for dts, pts in pairs]
        result.video_duration = round(max(continuous) - min(continuous) + interval, 3)
    for number, stream in enumerate([video], 1):
        info = _track(stream, "video", number, firsts, lasts, result.video_frames)
        info.duration = result.video_duration
        result.tracks.append(info)
    for number, stream in enumerate(audio, 1):
        info = _track(stream, "audio", number, firsts, lasts, None)
        info.channels = stream.codec_context.channels
        info.sample_rate = stream.codec_context.sample_rate
        level = levels[stream.index]
        info.level_db = level.db()
        info.carries_sound = info.level_db > SOUND_THRESHOLD_DB
        if level.samples and info.sample_rate:
            info.duration = round(level.samples / info.sample_rate, 3)
        result.tracks.append(info)
    return result


def _decode_tail(packets, interval: float) -> float | None:
    last = None
    try:
        for packet in [*packets, None]:
            for frame in (packet.decode() if packet is not None else packets[0].stream.decode(None)
                          if packets else []):
                if frame.time is not None:
                    last = max(last if last is not None else frame.time, frame.time + interval)
    except av.FFmpegError:
        return last
    return last


def _track(stream, kind, number, firsts, lasts, frames) -> TrackInfo:
    metadata = stream.metadata or {}
    start = firsts.get(stream.index)
    end = lasts.get(stream.index)
    return TrackInfo(
        index=stream.index, kind=kind, number=number,
        codec=stream.codec_context.codec.canonical_name,
        title=(metadata.get("title") or None) if kind == "audio" else None,
        language=(metadata.get("language") or None) if metadata.get("language") != "und" else None,
        start=round(start, 3) if start is not None else None,
        duration=round(end - start, 3) if start is not None and end is not None else None,
        frames=frames,
    )


def _video_timing(result: ScanResult, pts: list[float], dts: list[float]) -> None:
    steps = [b - a for a, b in pairwise(dts)]
    result.discontinuities = sum(1 for s in steps if s < -1e-6 or s > DEFAULT_MAX_GAP)
    if pts:
        result.video_start = round(min(pts[: 64]), 6)
    ordered = sorted(pts)
    intervals = [b - a for a, b in pairwise(ordered) if 0 < b - a <= DEFAULT_MAX_GAP]
    if intervals:
        typical = float(np.median(intervals))
        result.frame_interval = typical
        irregular = sum(1 for i in intervals if abs(i - typical) > 0.1 * typical)
        result.variable_frame_rate = irregular > max(2, len(intervals) // 100)
