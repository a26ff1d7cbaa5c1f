"""`flask precheck PATH --json`: findings as JSON without a database; refused files exit non-zero."""
import json

import pytest

from reviewer import create_app
from tests.docx_builders import docx_bytes
from tests.precheck_samples import CLEAN


@pytest.fixture
def runner(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/dir/x.db",
                      "UPLOAD_ROOT": str(tmp_path / "uploads")})
    return app.test_cli_runner()


def test_precheck_json_lists_findings(runner, tmp_path):
    lines = list(CLEAN)
    lines[10] = lines[10].replace("本院认为", "本院院认为")
    lines[16] = "2021年4月10日"
    path = tmp_path / "判决.docx"
    path.write_bytes(docx_bytes(lines))
    result = runner.invoke(args=["precheck", str(path), "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {f["code"] for f in findings} == {"text.repeated_char", "signature.date_format"}
    repeated = next(f for f in findings if f["code"] == "text.repeated_char")
    assert repeated["paragraph"] == 10 and repeated["severity"] == "warning"
    assert set(repeated) >= {"code", "severity", "message", "paragraph", "excerpt"}


def test_precheck_clean_document_gives_empty_list(runner, tmp_path):
    path = tmp_path / "clean.docx"
    path.write_bytes(docx_bytes(CLEAN))
    result = runner.invoke(args=["precheck", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"findings": []}


def test_precheck_readable_output(runner, judgments_dir):
    result = runner.invoke(args=["precheck", str(judgments_dir / "docx" / "civ1_jinrong_jiekuan_saihan.docx")])
    assert result.exit_code == 0
    assert "[错误] text.halfwidth_punctuation 第 15 段" in result.stdout


def test_precheck_broken_file_exits_non_zero(runner, tmp_path):
    data = docx_bytes(CLEAN)
    path = tmp_path / "broken.docx"
    path.write_bytes(data[: len(data) // 3])
    result = runner.invoke(args=["precheck", str(path), "--json"])
    assert result.exit_code != 0
    assert "损坏" in result.stderr
    assert result.stdout == ""
