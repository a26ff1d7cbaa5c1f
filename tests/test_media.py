"""Probing, poster frames and transcoding of hearing recordings, on small real clips."""
from __future__ import annotations

import pytest

from reviewer.recordings.media import MediaError, probe
from reviewer.recordings.poster import make_poster
from reviewer.recordings.transcode import transcode_to_mp4
from tests.media_clips import FORMATS, encoder_exists, make_clip, truncate


def _kinds():
    for kind, (_suffix, vcodec, acodec, _pix) in FORMATS.items():
        marks = []
        if not (encoder_exists(vcodec) and encoder_exists(acodec)):
            marks.append(pytest.mark.skip(reason=f"encoder {vcodec}/{acodec} missing in this FFmpeg"))
        yield pytest.param(kind, marks=marks)


@pytest.mark.parametrize(
    "kind, container, video_codec, audio_codec, playable",
    [
        ("mp4", "mp4", "h264", "aac", True),
        ("webm", "webm", "vp8", "opus", True),
        ("mkv", "mkv", "h264", "aac", False),
        ("avi", "avi", "mpeg4", "mp3", False),
        ("flv", "flv", "flv1", "mp3", False),
    ],
)
def test_probe_describes_each_recording_format(tmp_path, kind, container, video_codec,
                                               audio_codec, playable):
    if not encoder_exists(FORMATS[kind][1]):
        pytest.skip("encoder missing")
    info = probe(make_clip(tmp_path, kind, seconds=4))
    assert info.container == container
    assert info.video_codec == video_codec
    assert info.audio_codec == audio_codec
    assert (info.width, info.height) == (160, 120)
    assert info.duration_seconds == pytest.approx(4.0, abs=0.2)
    assert info.playable_in_browser is playable


def test_probe_without_audio_reports_none(tmp_path):
    info = probe(make_clip(tmp_path, "mp4", seconds=2, audio=False))
    assert info.audio_codec is None
    assert info.playable_in_browser is True


def test_probe_reads_content_not_the_file_name(tmp_path):
    webm = make_clip(tmp_path, "webm", seconds=2)
    disguised = webm.rename(tmp_path / "recording.mp4")
    assert probe(disguised).container == "webm"


@pytest.mark.parametrize("kind", list(_kinds()))
@pytest.mark.parametrize("keep", [0.5, 0.95, 0.999])
def test_truncated_recording_is_refused_even_if_header_looks_complete(tmp_path, kind, keep):
    clip = make_clip(tmp_path, kind, seconds=6, faststart=(kind == "mp4"))
    broken = truncate(clip, keep)
    with pytest.raises(MediaError) as err:
        probe(broken)
    assert "不完整" in err.value.message


def test_truncated_mp4_without_index_is_refused(tmp_path):
    clip = make_clip(tmp_path, "mp4", seconds=6)  # moov at the end: cutting it loses the index
    with pytest.raises(MediaError) as err:
        probe(truncate(clip, 0.5))
    assert "损坏或不完整" in err.value.message


def test_text_file_named_mp4_is_refused(tmp_path):
    fake = tmp_path / "庭审.mp4"
    fake.write_text("这不是视频文件\n" * 200, encoding="utf-8")
    with pytest.raises(MediaError) as err:
        probe(fake)
    assert "不是有效的视频文件" in err.value.message


def test_audio_only_file_is_refused(tmp_path):
    import av

    path = tmp_path / "sound.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=44100)
        from tests.media_clips import _tone_frame

        for start in range(0, 44100, 1024):
            out.mux(stream.encode(_tone_frame(start, 1024, 44100)))
        out.mux(stream.encode(None))
    with pytest.raises(MediaError) as err:
        probe(path)
    assert "没有视频画面" in err.value.message


@pytest.mark.parametrize("content", [b"", b"\x00" * 4096, bytes(range(256)) * 64])
def test_empty_or_garbage_file_is_refused(tmp_path, content):
    path = tmp_path / "x.avi"
    path.write_bytes(content)
    with pytest.raises(MediaError):
        probe(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(MediaError) as err:
        probe(tmp_path / "nope.mp4")
    assert "找不到" in err.value.message


def test_poster_is_a_jpeg(tmp_path):
    clip = make_clip(tmp_path, "mkv", seconds=3)
    poster = make_poster(clip, tmp_path / "poster" / "p.jpg")
    data = poster.read_bytes()
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    assert [p.name for p in poster.parent.iterdir()] == ["p.jpg"]


@pytest.mark.parametrize("kind", ["avi", "flv", "mkv"])
def test_transcode_makes_a_browser_playable_mp4(tmp_path, kind):
    if not encoder_exists(FORMATS[kind][1]):
        pytest.skip("encoder missing")
    clip = make_clip(tmp_path, kind, seconds=3)
    progress = []
    result = transcode_to_mp4(clip, tmp_path / "out" / "v.mp4", progress.append)
    info = probe(tmp_path / "out" / "v.mp4")
    assert info.container == "mp4" and info.audio_codec == "aac"
    assert info.video_codec == result.video_codec
    assert info.playable_in_browser is result.playable_in_browser
    assert info.duration_seconds == pytest.approx(3.0, abs=0.3)
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["v.mp4"]


def test_failed_transcode_leaves_no_file(tmp_path):
    broken = tmp_path / "broken.avi"
    broken.write_bytes(b"RIFF" + b"\x00" * 1000)
    out_dir = tmp_path / "out"
    with pytest.raises(MediaError):
        transcode_to_mp4(broken, out_dir / "v.mp4")
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
