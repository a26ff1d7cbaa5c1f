"""`flask probe-video PATH --json` on every kind of broken file the courts may send: exit 1, a
Chinese message, no JSON."""
from __future__ import annotations

import json

import av
import pytest

from tests.media_clips import FORMATS, _tone_frame, encoder_exists, make_clip, truncate


def _audio_only(tmp_path):
    path = tmp_path / "sound.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=44100)
        for start in range(0, 44100, 1024):
            out.mux(stream.encode(_tone_frame(start, 1024, 44100)))
        out.mux(stream.encode(None))
    return path


def _broken(tmp_path, case):
    if case.startswith("truncated-"):
        kind = case.split("-", 1)[1]
        if not encoder_exists(FORMATS[kind][1]):
            pytest.skip("encoder missing")
        return truncate(make_clip(tmp_path, kind, seconds=4, faststart=(kind == "mp4")), 0.97)
    if case == "text-named-mp4":
        path = tmp_path / "庭审.mp4"
        path.write_text("这不是视频文件\n" * 100, encoding="utf-8")
        return path
    if case == "zero-length":
        path = tmp_path / "empty.mp4"
        path.write_bytes(b"")
        return path
    if case == "audio-only-mp4":
        return _audio_only(tmp_path)
    if case == "missing":
        return tmp_path / "nope.mp4"
    raise AssertionError(case)


CASES = {
    "truncated-mp4": "不完整", "truncated-mkv": "不完整", "truncated-webm": "不完整",
    "truncated-avi": "不完整", "truncated-flv": "不完整", "text-named-mp4": "不是有效的视频文件",
    "zero-length": "是空的", "audio-only-mp4": "没有视频画面", "missing": "找不到",
}


@pytest.mark.parametrize("case, message", CASES.items())
def test_probe_video_refuses_broken_files(app, tmp_path, case, message):
    path = _broken(tmp_path, case)
    result = app.test_cli_runner().invoke(args=["probe-video", str(path), "--json"])
    assert result.exit_code == 1
    assert "错误：" in result.output and message in result.output
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.output)


@pytest.mark.parametrize("kind", ["mp4", "webm", "mkv", "avi", "flv"])
def test_probe_video_prints_the_named_fields_for_each_format(app, tmp_path, kind):
    clip = make_clip(tmp_path, kind, seconds=2, audio=(kind != "mp4"))
    result = app.test_cli_runner().invoke(args=["probe-video", str(clip), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"duration_seconds", "video_codec", "audio_codec", "width", "height",
            "playable_in_browser"} <= set(data)
    assert (data["width"], data["height"]) == (160, 120) and data["duration_seconds"] == pytest.approx(2, abs=0.2)
    assert data["playable_in_browser"] is (kind in ("mp4", "webm"))
    assert (data["audio_codec"] is None) is (kind == "mp4")
