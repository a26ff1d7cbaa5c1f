"""Recordings as recorders and phones make them, for every container the platform accepts:
start offsets, offsets between streams, 33-bit wraps, discontinuities, rotation, several audio
tracks; and the field cases. Each clip is made with PyAV in set-up (tests/recording_kinds.py),
processed exactly as the worker does (`pipeline.process_file`), and the playback file is measured.
"""
from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from reviewer.recordings.pipeline import process_file
from tests.recording_kinds import (
    CONTAINERS,
    MULTI_AUDIO,
    ROTATING,
    WRAPPING,
    concat_ts,
    make_recording,
)

FIELD = Path("/work/shared/data/field")
ALL = list(CONTAINERS)
FPS = 10


def measure(path: Path) -> dict:
    """Frame count, first/last picture time, size, picture halves, and the sound's onset."""
    with av.open(str(path)) as c:
        frames = list(c.decode(video=0))
        middle = frames[len(frames) // 2].to_ndarray(format="gray").astype(float)
    half = middle.shape[0] // 2
    out = {"frames": len(frames), "first": frames[0].time, "last": frames[-1].time,
           "size": (frames[0].width, frames[0].height), "rotation_tag": frames[0].rotation,
           "top": middle[:half].mean(), "bottom": middle[half:].mean(), "audio_first": None}
    with av.open(str(path)) as c:
        if c.streams.audio:
            chunks = []
            for frame in c.decode(audio=0):
                if out["audio_first"] is None:
                    out["audio_first"] = frame.time
                chunks.append(frame.to_ndarray().mean(axis=0))
            sound = np.concatenate(chunks)
            rate = c.streams.audio[0].sample_rate
            loud = np.flatnonzero(np.abs(sound) > 0.05)
            out["onset"] = loud[0] / rate if loud.size else None
            out["rms"] = float(np.sqrt(np.mean(sound ** 2)))
            out["audio_seconds"] = sound.size / rate
    return out


def _process(tmp_path, container, **kind):
    source = make_recording(tmp_path, container, **kind)
    return process_file(source, tmp_path / "out")


def _assert_in_step(processed, result, seconds, expected_onset):
    assert processed.playback is not None
    assert result["frames"] == int(seconds * FPS)  # every frame kept, none added
    assert result["first"] == pytest.approx(0.0, abs=1e-3)
    assert result["last"] + 1 / FPS == pytest.approx(seconds, abs=1 / FPS)
    assert processed.transcode.duration_seconds == pytest.approx(seconds, abs=0.05)
    assert result["audio_first"] == pytest.approx(0.0, abs=0.05)
    assert result["onset"] == pytest.approx(expected_onset, abs=0.05)  # A/V offset < 50 ms
    assert result["rms"] > 0.05  # the sound is there


def _expected_onset(info) -> float:
    """When the tone starts relative to the first picture, as the source itself records it."""
    audio = info.audio_tracks[-1]
    return max(0.0, audio["start"] - info.video_start)


@pytest.mark.parametrize("container", ALL)
def test_recorder_clock_start_and_stream_offset_start_at_zero_in_step(tmp_path, container):
    start = 0.0 if container == "avi" else 3601.4  # AVI has no clock: its streams start at 0
    processed = _process(tmp_path, container, seconds=3, start=start, audio_offset=0.4)
    info = processed.info
    if container != "avi":
        assert info.start_time == pytest.approx(3601.4, abs=0.05)
        assert _expected_onset(info) == pytest.approx(0.4, abs=0.05)
    _assert_in_step(processed, measure(processed.playback), 3.0, _expected_onset(info))


@pytest.mark.parametrize("container", ALL)
def test_sound_starting_before_the_picture_is_trimmed_to_it(tmp_path, container):
    processed = _process(tmp_path, container, seconds=3, start=1.46, audio_offset=-0.3)
    _assert_in_step(processed, measure(processed.playback), 3.0, 0.0)


@pytest.mark.parametrize("container", WRAPPING)
def test_33_bit_timestamp_wrap_keeps_every_frame(tmp_path, container):
    processed = _process(tmp_path, container, seconds=8, fps=FPS, wrap=3.0)
    assert processed.info.duration_seconds == pytest.approx(8.0, abs=0.05)
    _assert_in_step(processed, measure(processed.playback), 8.0, 0.0)


@pytest.mark.parametrize("container", [c for c in ALL if c != "avi"])  # AVI has no timestamps to jump
def test_forward_discontinuity_is_closed_and_keeps_every_frame(tmp_path, container):
    processed = _process(tmp_path, container, seconds=4, jump=(1.5, 500.0))
    assert processed.info.discontinuities == 1
    assert processed.info.duration_seconds == pytest.approx(4.0, abs=0.1)
    _assert_in_step(processed, measure(processed.playback), 4.0, 0.0)


@pytest.mark.parametrize("container", WRAPPING)
def test_two_recordings_joined_with_a_backward_clock_jump_play_through(tmp_path, container):
    first = make_recording(tmp_path, container, seconds=2, start=100.0, name=f"a.{container}")
    second = make_recording(tmp_path, container, seconds=2, start=5.0, name=f"b.{container}")
    joined = concat_ts(first, second, tmp_path / f"joined.{container}")
    processed = process_file(joined, tmp_path / "out")
    assert processed.info.discontinuities >= 1
    _assert_in_step(processed, measure(processed.playback), 4.0, 0.0)


@pytest.mark.parametrize("rotation", [90, 270, 180])
@pytest.mark.parametrize("container", ROTATING)
def test_rotated_phone_clip_is_upright_at_its_displayed_size(tmp_path, container, rotation):
    processed = _process(tmp_path, container, seconds=2, width=96, height=160, rotation=rotation)
    assert processed.info.rotation == rotation
    assert (processed.info.width, processed.info.height) == (96, 160)
    result = measure(processed.playback)
    assert result["size"] == (96, 160) and result["rotation_tag"] == 0
    assert result["top"] > result["bottom"] + 100  # the bright half is on top: upright
    with av.open(str(processed.poster)) as poster:
        image = next(poster.decode(video=0)).to_ndarray(format="gray").astype(float)
    assert image.shape == (160, 96)
    assert image[:80].mean() > image[80:].mean() + 100


@pytest.mark.parametrize("container", MULTI_AUDIO)
def test_silent_spare_track_is_dropped_and_the_microphone_kept(tmp_path, container):
    processed = _process(tmp_path, container, seconds=2, tracks=("silent", "tone"))
    silent, tone = processed.info.audio_tracks
    assert not silent["carries_sound"] and tone["carries_sound"]
    assert processed.transcode.audio_tracks_kept == (tone["index"],)
    assert "保留有声的第 2 条" in processed.audio_note and "第 1 条无声" in processed.audio_note
    assert measure(processed.playback)["rms"] > 0.05


@pytest.mark.parametrize("container", ["mkv", "ts", "mp4"])
def test_tracks_that_all_carry_sound_are_mixed(tmp_path, container):
    processed = _process(tmp_path, container, seconds=2, tracks=("tone", "tone"))
    assert len(processed.transcode.audio_tracks_kept) == 2
    assert "混合" in processed.audio_note
    assert measure(processed.playback)["rms"] > 0.05


def test_when_every_track_is_silent_the_note_says_so(tmp_path):
    processed = _process(tmp_path, "mkv", seconds=2, tracks=("silent", "silent"))
    assert len(processed.transcode.audio_tracks_kept) == 1
    assert "均无声" in processed.audio_note


def test_clean_browser_mp4_is_not_transcoded(tmp_path):
    processed = _process(tmp_path, "mp4", seconds=2)
    assert processed.playback is None and processed.info.needs_transcode is False


# --- the field cases (../shared/data/field/README.md) ---------------------------------------

field = pytest.mark.skipif(not FIELD.is_dir(), reason="field samples not present")


@field
def test_field_phone_clip_is_reported_and_played_upright(tmp_path):
    processed = process_file(FIELD / "v1_phone_rotated.mp4", tmp_path / "out")
    assert (processed.info.width, processed.info.height) == (720, 1280)
    assert processed.info.rotation in (90, 270)
    result = measure(processed.playback)
    assert result["size"] == (720, 1280) and result["rotation_tag"] == 0
    assert result["frames"] == processed.info.frame_count
    with av.open(str(processed.poster)) as poster:
        image = next(poster.decode(video=0))
    assert image.height > image.width  # portrait poster
    assert image.to_ndarray(format="gray").mean() > 24  # not black


@field
def test_field_recorder_clock_offset_plays_20_seconds_in_step_from_zero(tmp_path):
    processed = process_file(FIELD / "v2c_recorder_clock_offset.ts", tmp_path / "out")
    assert processed.info.start_time == pytest.approx(3601.4, abs=0.1)
    result = measure(processed.playback)
    assert result["first"] == pytest.approx(0.0, abs=1e-3)
    assert result["audio_first"] == pytest.approx(0.0, abs=0.05)
    assert result["frames"] == processed.info.frame_count == 500
    assert processed.transcode.duration_seconds == pytest.approx(20.0, abs=0.05)
    assert result["audio_seconds"] == pytest.approx(20.0, abs=0.1)
    assert result["rms"] > 0.01


@field
def test_field_two_audio_tracks_keep_the_courtroom_microphone(tmp_path):
    processed = process_file(FIELD / "v4_two_audio_tracks.mkv", tmp_path / "out")
    spare, bench = processed.info.audio_tracks
    assert spare["carries_sound"] is False and bench["carries_sound"] is True
    assert processed.transcode.audio_tracks_kept == (bench["index"],)
    assert "通道2(审判席)" in processed.audio_note
    assert measure(processed.playback)["rms"] > 0.01


# --- the command line runs the same processing ------------------------------------------------

def test_process_video_command_prints_what_it_produced(app, tmp_path):
    source = make_recording(tmp_path, "ts", seconds=2, start=50.0, tracks=("silent", "tone"))
    result = app.test_cli_runner().invoke(
        args=["process-video", str(source), str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["probe"]["start_time"] == pytest.approx(50.0, abs=0.05)
    assert data["transcoded"] is True and Path(data["playback"]).is_file()
    assert Path(data["poster"]).is_file()
    assert data["frame_count"] == 20 and data["duration_seconds"] == pytest.approx(2.0, abs=0.05)
    assert data["audio_tracks_kept"] == [2] and data["audio_mixed"] is False
    assert len(data["probe"]["tracks"]) == 3


def test_process_video_command_refuses_a_broken_file_in_chinese(app, tmp_path):
    broken = tmp_path / "broken.ts"
    broken.write_bytes(b"\x47" + b"\x00" * 5000)
    result = app.test_cli_runner().invoke(
        args=["process-video", str(broken), str(tmp_path / "out"), "--json"])
    assert result.exit_code != 0
    assert "错误：" in result.stderr and result.stdout == ""


# --- the worker stores what it did and the hearing page shows it --------------------------------

def test_hearing_page_shows_which_sound_was_kept_and_the_rotation(db, client, login, tmp_path):
    from models import Hearing, HearingNomination, HearingStatus, Role
    from reviewer import storage
    from reviewer.recordings.processing import process_hearing
    from tests.factories import make_court, make_user

    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    clip = make_recording(tmp_path, "mov", seconds=2, width=96, height=160, rotation=90,
                          tracks=("silent", "tone"))
    stored = storage.store(storage.TempUpload(clip, clip.stat().st_size, "0" * 64, clip.name),
                           "hearings", "video/quicktime")
    hearing = Hearing(court=court, month="2021-04", case_number="（2021）豫0802民初7号",
                      presiding_judge_name="王五", nomination=HearingNomination.EXCELLENT,
                      status=HearingStatus.QUEUED, file=stored, uploaded_by_id=liaison.id)
    db.session.add(hearing)
    db.session.commit()
    assert process_hearing(hearing.id) == HearingStatus.READY
    assert (hearing.width, hearing.height, hearing.rotation) == (96, 160, 90)
    login(liaison)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "保留有声的第 2 条音轨" in page and "第 1 条无声" in page
    assert "90° 旋转标记" in page and "96×160" in page
