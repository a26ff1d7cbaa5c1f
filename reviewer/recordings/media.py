"""Hearing recordings as media files: what a recording holds (`probe`), with PyAV only.

Pure module: no Flask, no database. Every failure is a `MediaError` whose message is the
Chinese sentence shown to the user. Poster and transcode are `poster.py` and `transcode.py`.

The probe reports the displayed size and the rotation (the display matrix's angle, counter-
clockwise degrees as FFmpeg defines it: a phone held upright stores 90 or 270), the container's
start time, every track (codec, channels, duration, level and whether it carries sound: see
`scan.py`), timestamp discontinuities and variable frame rate.

Rules:
- A recording must contain a video stream whose first frame and last seconds decode. A file
  whose header looks complete but whose data is cut short (an interrupted copy) is refused:
  after reading the header we seek to the last seconds and check that the video decodes up to
  the declared duration.
- `playable_in_browser` is true only for what every current browser plays natively:
  MP4 with H.264 (4:2:0) video and AAC/MP3 (or no) audio, WebM with VP8/VP9/AV1 video and
  Opus/Vorbis (or no) audio. Everything else (AVI, FLV, MKV, MPEG-4 Part 2, HEVC…) is transcoded.
- Files are written under a temporary name beside the target and renamed at the end, so an
  interrupted poster or transcode never leaves a half-made file behind.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import av

from reviewer.recordings.containers import declared_sizes_fit
from reviewer.recordings.scan import scan

# Seconds of slack allowed between the declared duration and the last decodable video frame.
END_TOLERANCE_SECONDS = 2.5
# How far before the declared end the truncation check starts decoding.
END_CHECK_WINDOW_SECONDS = 6.0
BROWSER_FORMATS = {
    "mp4": ({"h264"}, {"aac", "mp3"}),
    "webm": ({"vp8", "vp9", "av1"}, {"opus", "vorbis"}),
}
BROWSER_PIX_FMTS = {"yuv420p", "yuvj420p"}
# Magic numbers of the containers court recording systems produce (RIFF/AVI, Matroska/WebM, FLV).
VIDEO_SIGNATURES = (b"RIFF", b"\x1a\x45\xdf\xa3", b"FLV")


class MediaError(Exception):
    """A file that is not a usable recording; `message` is the Chinese sentence users see."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MediaInfo:
    duration_seconds: float
    video_codec: str
    audio_codec: str | None
    width: int
    height: int
    container: str
    playable_in_browser: bool
    pix_fmt: str | None = None
    frame_rate: float | None = None
    rotation: int = 0  # counter-clockwise degrees to turn the coded picture: 0, 90, 180, 270
    coded_width: int | None = None
    coded_height: int | None = None
    start_time: float = 0.0  # container start, seconds (a recorder's clock)
    video_start: float | None = None  # first picture's presentation time, seconds
    frame_count: int | None = None
    frame_interval: float | None = None  # typical seconds between pictures (median)
    discontinuities: int = 0
    variable_frame_rate: bool = False
    tracks: tuple[dict, ...] = ()  # `scan.TrackInfo.to_dict()` per track, video first

    @property
    def audio_tracks(self) -> list[dict]:
        return [t for t in self.tracks if t["kind"] == "audio"]

    @property
    def needs_transcode(self) -> bool:
        """Browsers could play the file as it is, but only a clean one is served unchanged."""
        offsets = [t["start"] for t in self.tracks if t["start"] is not None]
        aligned = not offsets or max(offsets) - min(offsets) < 0.05
        return not (self.playable_in_browser and self.rotation == 0 and len(self.audio_tracks) <= 1
                    and self.discontinuities == 0 and aligned and abs(self.start_time) < 0.05)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def open_media(path: str | os.PathLike) -> av.container.InputContainer:
    p = Path(path)
    if not p.is_file():
        raise MediaError("找不到录像文件。")
    if p.stat().st_size == 0:
        raise MediaError("录像文件是空的。")
    try:
        return av.open(str(p), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        with open(p, "rb") as fh:
            head = fh.read(12)
        if any(head.startswith(sig) for sig in VIDEO_SIGNATURES) or head[4:8] == b"ftyp":
            raise MediaError("录像文件已损坏或不完整（可能是复制或上传时中断），无法读取，请重新导出后上传。") from exc
        raise MediaError("无法识别该文件：它不是有效的视频文件，或文件已损坏。") from exc


def _container_name(container, path: Path) -> str:
    names = container.format.name.split(",")
    if "mp4" in names or "mov" in names:
        brand = (container.metadata or {}).get("major_brand", "").strip()
        return "mov" if brand == "qt" else "mp4"
    if "matroska" in names:
        with open(path, "rb") as fh:
            head = fh.read(64)
        return "webm" if b"\x42\x82" in head and b"webm" in head else "mkv"
    return {"asf": "wmv", "mpegts": "ts"}.get(names[0], names[0])


def _stream_end(stream, container) -> float | None:
    """Declared end time (seconds) of a stream, falling back to the container's duration."""
    if stream.duration is not None and stream.time_base is not None:
        start = stream.start_time or 0
        return float((start + stream.duration) * stream.time_base)
    if container.duration is not None:
        # Matroska's Duration is the segment's, whose clock starts at 0: it is the end time.
        start = 0 if "matroska" in container.format.name else (container.start_time or 0)
        return (start + container.duration) / av.time_base
    return None


def _last_video_time(container, stream, declared_end: float | None) -> float | None:
    """Seek near the end and decode to the last video frame; return its end time in seconds."""
    start = float(stream.start_time * stream.time_base) if stream.start_time is not None else 0.0
    if declared_end is not None and declared_end - start > END_CHECK_WINDOW_SECONDS:
        target = int((declared_end - END_CHECK_WINDOW_SECONDS) / stream.time_base)
        try:
            container.seek(target, stream=stream, backward=True, any_frame=False)
        except av.FFmpegError:
            return None
    last = None
    frame_step = float(1 / stream.average_rate) if stream.average_rate else 0.0
    for packet in container.demux(stream):
        if packet.size == 0:
            continue
        for frame in packet.decode():
            if frame.time is not None:
                last = frame.time + frame_step
    return last


def probe(path: str | os.PathLike) -> MediaInfo:
    """Describe a recording, or raise `MediaError` if it is not a complete, decodable video."""
    path = Path(path)
    container = open_media(path)
    try:
        video = next((s for s in container.streams.video
                      if not s.disposition & av.stream.Disposition.attached_pic), None)
        if video is None:
            raise MediaError("文件中没有视频画面，请上传庭审录像。")
        audio = next((s for s in container.streams if s.type == "audio"), None)
        declared_end = _stream_end(video, container)
        container_name = _container_name(container, path)
        width, height = video.codec_context.width, video.codec_context.height
        video_codec = video.codec_context.codec.canonical_name
        audio_codec = audio.codec_context.codec.canonical_name if audio is not None else None
        pix_fmt = video.codec_context.pix_fmt
        rate = float(video.average_rate) if video.average_rate else None

        if not declared_sizes_fit(path, container_name):
            raise MediaError("录像不完整：文件比其头部声明的长度短，可能是复制或上传时中断，请重新导出后上传。")
        try:
            first = next(container.decode(video), None)
        except (av.FFmpegError, StopIteration):
            first = None
        if first is None or not width or not height:
            raise MediaError("视频画面无法解码，文件可能已损坏。")
        try:
            last = _last_video_time(container, video, declared_end)
        except av.FFmpegError:
            last = None  # the reading pass below decodes the last pictures instead
        rotation = round(first.rotation or 0) % 360
        rotation = rotation if rotation in (90, 180, 270) else 0
        start_time = (container.start_time or 0) / av.time_base
        video_index = video.index
        container.close()  # start the reading pass from the first byte, whatever the seeks did
        container = open_media(path)
        try:
            found = scan(container, next(s for s in container.streams if s.index == video_index))
        except av.FFmpegError as exc:
            raise MediaError("录像数据读取失败，文件可能已损坏。") from exc
        duration = found.video_duration
        if last is None:
            last = found.last_time
        if last is None:
            raise MediaError("录像结尾部分无法解码，文件可能不完整或已损坏，请重新导出后上传。")
        # A clock jump makes the declared end meaningless; the pictures were all read above.
        if (declared_end is not None and found.discontinuities == 0
                and last < declared_end - END_TOLERANCE_SECONDS):
            raise MediaError(
                f"录像不完整：文件声明时长约 {declared_end:.0f} 秒，但只能播放到 {last:.0f} 秒，"
                "可能是复制或上传时中断，请重新导出后上传。")
    finally:
        container.close()

    codecs = BROWSER_FORMATS.get(container_name)
    playable = bool(
        codecs
        and video_codec in codecs[0]
        and (audio_codec is None or audio_codec in codecs[1])
        and (container_name != "mp4" or pix_fmt in BROWSER_PIX_FMTS)
    )
    shown_w, shown_h = (height, width) if rotation in (90, 270) else (width, height)
    return MediaInfo(
        duration_seconds=round(duration, 3), video_codec=video_codec, audio_codec=audio_codec,
        width=shown_w, height=shown_h, container=container_name, playable_in_browser=playable,
        pix_fmt=pix_fmt, frame_rate=round(rate, 3) if rate else None, rotation=rotation,
        coded_width=width, coded_height=height, start_time=round(start_time, 6),
        video_start=found.video_start, frame_count=found.video_frames,
        frame_interval=round(found.frame_interval, 6) if found.frame_interval else None,
        discontinuities=found.discontinuities, variable_frame_rate=found.variable_frame_rate,
        tracks=tuple(t.to_dict() for t in found.tracks),
    )
