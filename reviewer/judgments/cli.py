"""Judgment commands: `flask --app app parse-judgment PATH [--json]` (no database needed)."""
from __future__ import annotations

import json
import sys

import click

from reviewer.judgments.document import SECTION_LABELS, DocumentError
from reviewer.judgments.parser import parse_docx


def summary_lines(data: dict) -> list[str]:
    """A readable Chinese summary of `ParsedJudgment.to_dict()`."""
    judges = "、".join(f"{j['role']} {j['name']}" for j in data["judges"]) or "—"
    parties = "；".join(f"{p['role']} {p['name']}" for p in data["parties"]) or "—"
    lines = [
        f"案号：{data['case_number'] or '—'}",
        f"法院：{data['court_name'] or '—'}",
        f"文书类型：{data['doc_type'] or '—'}",
        f"审级/程序：{data['procedure'] or '—'}　审理程序：{data['trial_procedure'] or '—'}",
        f"案由：{data['cause'] or '—'}",
        f"裁判日期：{data['judgment_date'] or '—'}（{data['judgment_date_text'] or '—'}）",
        f"审判组织：{judges}",
        f"书记员：{data['clerk'] or '—'}",
        f"当事人：{parties}",
        "段落范围：" + "，".join(
            f"{SECTION_LABELS[key]} {start + 1}–{end}" for key, (start, end) in data["section_ranges"].items()
        ),
        f"共 {data['paragraph_count']} 段",
    ]
    return lines


def parse_or_exit(path):
    """Parse a .docx for a command; a refused or broken file exits 1 with its Chinese message."""
    try:
        return parse_docx(path)
    except DocumentError as error:
        click.echo(f"错误：{error.message}", err=True)
        sys.exit(1)


@click.command("parse-judgment")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部提取结果")
def parse_judgment(path, as_json):
    """Parse a .docx judgment and print what was extracted (解析裁判文书)."""
    data = parse_or_exit(path).to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(summary_lines(data)))
