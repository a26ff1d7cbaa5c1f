"""The browser playback file: H.264/AAC MP4 with +faststart, picture and sound in step from 0 s.

Pure module (PyAV, numpy; no Flask). One pass over the source:
- every decoded picture is kept (no frame is dropped or duplicated): its time goes through a
  `timeline.Timeline`, so a recorder's clock start, a 33-bit wrap or a discontinuity becomes one
  continuous clock, and the first picture is at 0 s;
- the picture is turned upright (`picture.Upright`) and written at the displayed size;
- the audio tracks `picture.choose_audio` keeps are placed on the same clock
  (`timeline.TrackBuffer`: sound recorded before the first picture is trimmed, a late start is
  preceded by silence) and mixed (`timeline.Mixer`), then encoded as AAC; the sound is padded
  with silence to the picture's end.
Written under a temporary name and renamed at the end: an interrupted run leaves no file.
Failures are `MediaError` with the Chinese sentence users see.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from reviewer.recordings.media import MediaError, MediaInfo, open_media, probe
from reviewer.recordings.picture import Upright, choose_audio
from reviewer.recordings.poster import temp_name
from reviewer.recordings.timeline import DEFAULT_MAX_GAP, Mixer, Timeline, TrackBuffer

# Encoders tried in order for the H.264 transcode. `libx264` is bundled with PyAV's wheels today;
# `h264` resolves to whatever H.264 encoder FFmpeg has (e.g. libopenh264); `mpeg4` is the last
# resort (plays in VLC, not in browsers: the result reports which codec it used).
VIDEO_ENCODERS = ("libx264", "h264", "libopenh264", "mpeg4")
VIDEO_TIME_BASE = Fraction(1, 90000)
AUDIO_RATE = 48000
FAILED = "录像转码失败，文件可能已损坏。"


@dataclass(frozen=True)
class TranscodeResult:
    video_codec: str
    audio_codec: str | None
    playable_in_browser: bool
    frame_count: int = 0
    duration_seconds: float = 0.0
    width: int = 0
    height: int = 0
    rotation_applied: int = 0
    audio_tracks_kept: tuple[int, ...] = ()  # source stream indexes
    audio_note: str | None = None


def available_video_encoder() -> str:
    """The first usable encoder of `VIDEO_ENCODERS` in this FFmpeg build."""
    for name in VIDEO_ENCODERS:
        try:
            av.codec.Codec(name, "w")
        except (av.FFmpegError, ValueError):
            continue
        return name
    raise MediaError("服务器缺少视频编码器，无法转码，请联系管理员。")


class _Sound:
    """The kept tracks' decoded audio → one AAC stream, on the picture's clock."""

    def __init__(self, sink, source, indexes, layout: str):
        self.layout, self.channels = layout, (2 if layout == "stereo" else 1)
        self.stream = sink.add_stream("aac", rate=AUDIO_RATE)
        self.stream.layout, self.stream.bit_rate = layout, 128_000
        self.buffers = {i: TrackBuffer(AUDIO_RATE, self.channels) for i in indexes}
        self.clocks = {i: Timeline() for i in indexes}
        self.resamplers = {i: av.AudioResampler(format="fltp", layout=layout, rate=AUDIO_RATE)
                           for i in indexes}
        self.mixer = Mixer(list(self.buffers.values()))
        self.sink = sink

    def add(self, index: int, frame, origin: float) -> None:
        if frame.time is None or not frame.samples:
            return
        placed = self.clocks[index].place(frame.time, frame.samples / frame.sample_rate)
        chunks = [f.to_ndarray() for f in self.resamplers[index].resample(frame)]
        if chunks:
            self.buffers[index].add(placed - origin, np.concatenate(chunks, axis=1))
        self._write(self.mixer.ready())

    def finish(self, end_seconds: float) -> None:
        self._write(self.mixer.ready(final=True, until=max(self.mixer.position,
                                                           round(end_seconds * AUDIO_RATE))))
        self.sink.mux(self.stream.encode(None))

    def _write(self, samples) -> None:
        if samples is None or not samples.shape[1]:
            return
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp", layout=self.layout)
        frame.sample_rate = AUDIO_RATE
        frame.pts = self.mixer.position - samples.shape[1]
        frame.time_base = Fraction(1, AUDIO_RATE)
        self.sink.mux(self.stream.encode(frame))


def transcode_to_mp4(path: str | os.PathLike, out_path: str | os.PathLike,
                     progress_cb: Callable[[float], None] | None = None,
                     info: MediaInfo | None = None) -> TranscodeResult:
    """Write the playback MP4 of `path` to `out_path` (see module docstring).

    `info` is the probe of `path` (probed here if not given); `progress_cb` receives a fraction
    0–1, called at most once per percent.
    """
    info = info or probe(path)
    out_path = Path(out_path)
    tmp = temp_name(out_path)
    encoder_name = available_video_encoder()
    choice = choose_audio(info.audio_tracks)
    stereo = any((t.get("channels") or 1) >= 2 for t in info.audio_tracks if t["index"] in choice.indexes)
    source = open_media(path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        in_v = source.streams.video[0]
        in_audio = {s.index: s for s in source.streams.audio if s.index in choice.indexes}
        if info.frame_interval:  # the typical interval: a clock jump skews the average rate
            rate = Fraction(1 / info.frame_interval).limit_denominator(1001)
        else:
            rate = Fraction(in_v.average_rate or in_v.guessed_rate or 25).limit_denominator(1001)
        interval = float(1 / rate)
        upright = Upright(info.rotation, in_v.codec_context.width, in_v.codec_context.height)
        with av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"}) as sink:
            out_v = sink.add_stream(encoder_name, rate=rate)
            out_v.width, out_v.height, out_v.pix_fmt = upright.width, upright.height, "yuv420p"
            out_v.codec_context.time_base = VIDEO_TIME_BASE
            if encoder_name == "libx264":
                out_v.options = {"preset": "veryfast", "crf": "23"}
            else:
                out_v.bit_rate = 2_000_000
            sound = _Sound(sink, source, list(in_audio), "stereo" if stereo else "mono") if in_audio else None
            clock = Timeline(max_gap=max(DEFAULT_MAX_GAP, 3 * interval))
            origin, waiting, frames, last_pts, last_time, last_percent = None, [], 0, -1, 0.0, -1
            for packet in source.demux(in_v, *in_audio.values()):
                for frame in packet.decode():
                    if packet.stream is not in_v:
                        if origin is None:
                            waiting.append((packet.stream.index, frame))
                        else:
                            sound.add(packet.stream.index, frame, origin)
                        continue
                    source_time = frame.time if frame.time is not None else last_time + interval
                    placed = clock.place(source_time, interval)
                    if origin is None:
                        origin = placed
                        for index, early in waiting:
                            sound.add(index, early, origin)
                        waiting = []
                    last_time = source_time
                    pts = max(last_pts + 1, round((placed - origin) / VIDEO_TIME_BASE))
                    last_pts = pts
                    image = upright(frame)
                    image.pts, image.time_base = pts, VIDEO_TIME_BASE
                    sink.mux(out_v.encode(image))
                    frames += 1
                    if progress_cb and info.duration_seconds:
                        percent = min(99, int((placed - origin) * 100 / info.duration_seconds))
                        if percent > last_percent:
                            last_percent = percent
                            progress_cb(percent / 100)
            sink.mux(out_v.encode(None))
            end = (last_pts * float(VIDEO_TIME_BASE) + interval) if frames else 0.0
            if sound is not None:
                for index, early in waiting:
                    sound.add(index, early, origin or 0.0)
                sound.finish(end)
        if frames == 0:
            raise MediaError("录像中没有可转码的画面，文件可能已损坏。")
        os.replace(tmp, out_path)
    except av.FFmpegError as exc:
        raise MediaError(FAILED) from exc
    finally:
        source.close()
        tmp.unlink(missing_ok=True)
    if progress_cb:
        progress_cb(1.0)
    video_codec = "h264" if encoder_name in ("libx264", "h264", "libopenh264") else encoder_name
    return TranscodeResult(
        video_codec=video_codec, audio_codec="aac" if in_audio else None,
        playable_in_browser=video_codec == "h264", frame_count=frames,
        duration_seconds=round(end, 3), width=upright.width, height=upright.height,
        rotation_applied=upright.rotation, audio_tracks_kept=tuple(in_audio),
        audio_note=choice.note,
    )
