"""Poster frame and browser-playable transcode of a recording (PyAV). Pure module: no Flask.

Files are written under a temporary name beside the target and renamed at the end, so an
interrupted poster or transcode never leaves a half-made file behind. Failures are `MediaError`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

import av

from reviewer.recordings.media import MediaError, open_media

POSTER_MAX_WIDTH = 640

# Encoders tried in order for the H.264 transcode. `libx264` is bundled with PyAV's wheels today;
# `h264` resolves to whatever H.264 encoder FFmpeg has (e.g. libopenh264); `mpeg4` is the last
# resort (plays in VLC, not in browsers: `transcode_to_mp4` reports which codec it used).
VIDEO_ENCODERS = ("libx264", "h264", "libopenh264", "mpeg4")


@dataclass(frozen=True)
class TranscodeResult:
    video_codec: str
    audio_codec: str | None
    playable_in_browser: bool


def _temp_name(out_path: Path) -> Path:
    return out_path.with_name(f".{out_path.name}.{os.getpid()}.part")


def _even(n: int) -> int:
    return max(2, n - n % 2)


def make_poster(path: str | os.PathLike, out_path: str | os.PathLike,
                duration_seconds: float | None = None) -> Path:
    """Write a JPEG frame taken at 10 % of the recording, at most 5 s in, to `out_path`."""
    out_path = Path(out_path)
    tmp = _temp_name(out_path)
    container = open_media(path)
    try:
        video = container.streams.video[0]
        if duration_seconds is None:
            duration_seconds = (container.duration or 0) / av.time_base
        at = min(duration_seconds * 0.1, 5.0)
        if at > 0.5:
            container.seek(int(at / video.time_base), stream=video, backward=True)
        frame = None
        for candidate in container.decode(video):
            frame = candidate
            if candidate.time is None or candidate.time >= at - 0.05:
                break
        if frame is None:
            raise MediaError("无法从录像中截取封面画面，文件可能已损坏。")
        width = min(frame.width, POSTER_MAX_WIDTH)
        height = _even(round(frame.height * width / frame.width))
        width = _even(width)
        encoder = av.CodecContext.create("mjpeg", "w")
        encoder.width, encoder.height = width, height
        encoder.pix_fmt = "yuvj420p"
        encoder.time_base = Fraction(1, 25)
        image = frame.reformat(width=width, height=height, format="yuvj420p")
        image.pts = 0
        packets = encoder.encode(image) + encoder.encode(None)
        if not packets:
            raise MediaError("无法从录像中截取封面画面，文件可能已损坏。")
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            for packet in packets:
                fh.write(bytes(packet))
        os.replace(tmp, out_path)
    except av.FFmpegError as exc:
        raise MediaError("无法从录像中截取封面画面，文件可能已损坏。") from exc
    finally:
        container.close()
        tmp.unlink(missing_ok=True)
    return out_path


def available_video_encoder() -> str:
    """The first usable encoder of `VIDEO_ENCODERS` in this FFmpeg build."""
    for name in VIDEO_ENCODERS:
        try:
            av.codec.Codec(name, "w")
        except (av.FFmpegError, ValueError):
            continue
        return name
    raise MediaError("服务器缺少视频编码器，无法转码，请联系管理员。")


def transcode_to_mp4(path: str | os.PathLike, out_path: str | os.PathLike,
                     progress_cb: Callable[[float], None] | None = None,
                     duration_seconds: float | None = None) -> TranscodeResult:
    """Re-encode a recording to MP4 (H.264/AAC when available, `faststart` for streaming).

    `progress_cb` receives a fraction 0–1, called at most once per percent.
    """
    out_path = Path(out_path)
    tmp = _temp_name(out_path)
    encoder_name = available_video_encoder()
    source = open_media(path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        in_v = source.streams.video[0]
        in_a = source.streams.audio[0] if source.streams.audio else None
        if duration_seconds is None:
            duration_seconds = (source.duration or 0) / av.time_base
        rate = in_v.average_rate or in_v.guessed_rate or Fraction(25)
        rate = Fraction(rate).limit_denominator(1001)
        with av.open(str(tmp), mode="w", format="mp4",
                     options={"movflags": "+faststart"}) as sink:
            out_v = sink.add_stream(encoder_name, rate=rate)
            out_v.width = _even(in_v.codec_context.width)
            out_v.height = _even(in_v.codec_context.height)
            out_v.pix_fmt = "yuv420p"
            if encoder_name == "libx264":
                out_v.options = {"preset": "veryfast", "crf": "23"}
            else:
                out_v.bit_rate = 2_000_000
            out_a = None
            if in_a is not None:
                out_a = sink.add_stream("aac", rate=in_a.codec_context.sample_rate or 44100)
                out_a.layout = "stereo" if in_a.codec_context.channels >= 2 else "mono"
                out_a.bit_rate = 128_000
            last_pts = -1
            last_percent = -1
            streams = [s for s in (in_v, in_a) if s is not None]
            for packet in source.demux(*streams):
                for frame in packet.decode():
                    if packet.stream is in_v:
                        if frame.time is None:
                            continue
                        pts = round(frame.time * rate)
                        if pts <= last_pts:
                            continue  # variable-rate sources: drop frames that collide at the output rate
                        last_pts = pts
                        image = frame.reformat(width=out_v.width, height=out_v.height, format="yuv420p")
                        image.pts = pts
                        image.time_base = Fraction(1) / rate
                        sink.mux(out_v.encode(image))
                        if progress_cb and duration_seconds:
                            percent = min(99, int(frame.time * 100 / duration_seconds))
                            if percent > last_percent:
                                last_percent = percent
                                progress_cb(percent / 100)
                    elif out_a is not None:
                        frame.pts = None
                        sink.mux(out_a.encode(frame))
            sink.mux(out_v.encode(None))
            if out_a is not None:
                sink.mux(out_a.encode(None))
        if last_pts < 0:
            raise MediaError("录像中没有可转码的画面，文件可能已损坏。")
        os.replace(tmp, out_path)
    except av.FFmpegError as exc:
        raise MediaError("录像转码失败，文件可能已损坏。") from exc
    finally:
        source.close()
        tmp.unlink(missing_ok=True)
    if progress_cb:
        progress_cb(1.0)
    video_codec = "h264" if encoder_name in ("libx264", "h264", "libopenh264") else encoder_name
    return TranscodeResult(video_codec=video_codec, audio_codec="aac" if in_a is not None else None,
                           playable_in_browser=video_codec == "h264")
