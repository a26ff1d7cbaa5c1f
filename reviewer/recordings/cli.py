"""Command-line tools of the recordings: probe a video, clean up abandoned uploads, run the worker."""
from __future__ import annotations

import json
import sys
from datetime import timedelta

import click
from flask.cli import with_appcontext

# PyAV and NumPy (reviewer.recordings.media) are imported inside the commands that use them, so
# `flask --help` and the other commands do not load them (issue 19: start-up ≤ 0.5 s).


@click.command("probe-video")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def probe_video_command(path: str, as_json: bool):
    """探测录像文件：时长、编码、分辨率、浏览器能否直接播放。"""
    from reviewer.recordings.media import MediaError, probe

    try:
        info = probe(path)
    except MediaError as error:
        click.echo(f"错误：{error.message}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(info.to_dict(), ensure_ascii=False))
        return
    click.echo(f"容器：{info.container}")
    click.echo(f"时长：{info.duration_seconds:.1f} 秒")
    click.echo(f"视频：{info.video_codec} {info.width}×{info.height}（显示尺寸；旋转 {info.rotation}°）"
               f"，{info.frame_count} 帧{'，可变帧率' if info.variable_frame_rate else ''}")
    click.echo(f"起始时间：{info.start_time:.3f} 秒；时间戳不连续：{info.discontinuities} 处")
    for track in info.audio_tracks:
        click.echo(f"音轨 {track['number']}：{track['codec']} {track['channels']} 声道，"
                   f"{track['level_db']} dBFS，{'有声' if track['carries_sound'] else '无声'}"
                   + (f"（{track['title']}）" if track['title'] else ""))
    click.echo(f"音频：{info.audio_codec or '无'}")
    click.echo(f"浏览器可直接播放：{'是' if info.playable_in_browser else '否（将转码为 H.264/AAC MP4）'}")


@click.command("process-video")
@click.argument("path", type=click.Path(dir_okay=False))
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def process_video_command(path: str, outdir: str, as_json: bool):
    """按后台任务的同样步骤处理录像（探测、封面、转码），不需要数据库；结果写入 OUTDIR。"""
    from reviewer.recordings.media import MediaError
    from reviewer.recordings.pipeline import process_file

    try:
        processed = process_file(path, outdir)
    except MediaError as error:
        click.echo(f"错误：{error.message}", err=True)
        sys.exit(1)
    result = processed.to_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"封面：{result['poster']}")
    click.echo(f"播放文件：{result['playback'] or '原文件可直接播放，未转码'}")
    click.echo(f"时长：{result['duration_seconds']:.2f} 秒，{result['frame_count']} 帧")
    click.echo(f"画面：{result['width']}×{result['height']}，旋转 {result['rotation_applied']}°")
    click.echo(f"音轨：{result['audio_note'] or '保留原音轨'}")


@click.command("cleanup-uploads")
@click.option("--older-than-hours", default=None, type=int,
              help="清理超过该小时数没有新数据的上传（默认取 HEARING_UPLOAD_EXPIRY_HOURS，48）")
@with_appcontext
def cleanup_uploads_command(older_than_hours: int | None):
    """清理中断后长时间未续传的录像上传（删除半截文件及其登记），以及本机的过期临时文件。

    On several machines run it hourly on every web node (cron): each node's temporary files are
    its own, and the worker's hourly clean-up only sees the worker's machine (docs/deploy.md).
    """
    from flask import current_app

    from reviewer.extensions import db
    from reviewer.recordings.housekeeping import remove_stale_temp
    from reviewer.recordings.uploads import cleanup_abandoned

    hours = older_than_hours if older_than_hours is not None else current_app.config.get(
        "HEARING_UPLOAD_EXPIRY_HOURS", 48)
    removed = cleanup_abandoned(timedelta(hours=hours))
    db.session.commit()
    temp = remove_stale_temp(timedelta(hours=current_app.config.get("TEMP_FILE_EXPIRY_HOURS", 6)))
    click.echo(f"已清理 {removed} 个未完成的上传；本机过期临时文件 {temp} 个。")
