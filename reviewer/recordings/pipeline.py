"""What processing a recording does, on files only: probe → poster → playback transcode.

Pure (no Flask, no database): the background job (`processing.process_hearing`) and the command
`flask --app app process-video PATH OUTDIR --json` both call `process_file`, so the command line
runs exactly what the worker runs.

The playback file is made unless browsers can play the source as it is *and* it is clean
(`MediaInfo.needs_transcode`: H.264/AAC MP4 or WebM, no rotation, one audio track, no start
offset or discontinuity). Outputs go to `outdir` as `poster.jpg` and `playback.mp4`.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer.recordings.media import MediaInfo, probe
from reviewer.recordings.picture import choose_audio
from reviewer.recordings.poster import make_poster
from reviewer.recordings.transcode import TranscodeResult, transcode_to_mp4


@dataclass(frozen=True)
class Processed:
    """The probe and what was produced (paths inside `outdir`; `playback` None if not needed)."""

    info: MediaInfo
    poster: Path
    playback: Path | None
    transcode: TranscodeResult | None

    @property
    def audio_note(self) -> str | None:
        if self.transcode is not None:
            return self.transcode.audio_note
        return choose_audio(self.info.audio_tracks).note

    def to_dict(self) -> dict:
        t = self.transcode
        kept = list(t.audio_tracks_kept) if t else [a["index"] for a in self.info.audio_tracks]
        return {
            "probe": {**self.info.to_dict(), "tracks": list(self.info.tracks)},
            "poster": str(self.poster),
            "playback": str(self.playback) if self.playback else None,
            "transcoded": t is not None,
            "duration_seconds": t.duration_seconds if t else self.info.duration_seconds,
            "width": t.width if t else self.info.width,
            "height": t.height if t else self.info.height,
            "rotation_applied": t.rotation_applied if t else 0,
            "frame_count": t.frame_count if t else self.info.frame_count,
            "audio_tracks_kept": kept,
            "audio_mixed": len(kept) > 1,
            "audio_note": self.audio_note,
            "video_codec": t.video_codec if t else self.info.video_codec,
            "audio_codec": t.audio_codec if t else self.info.audio_codec,
        }


def process_file(source: str | os.PathLike, outdir: str | os.PathLike,
                 progress_cb: Callable[[float], None] | None = None) -> Processed:
    """Probe `source`, write its poster and (if needed) playback file to `outdir`.

    Raises `media.MediaError` (Chinese message) for a file that is not a usable recording.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    info = probe(source)
    poster = make_poster(source, outdir / "poster.jpg", info.duration_seconds, info.rotation)
    playback, result = None, None
    if info.needs_transcode:
        playback = outdir / "playback.mp4"
        result = transcode_to_mp4(source, playback, progress_cb, info)
    return Processed(info=info, poster=poster, playback=playback, transcode=result)
