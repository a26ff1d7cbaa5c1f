"""`flask parse-judgment PATH [--json]`: works without a database, refuses bad files with exit 1."""
import json

import pytest

from reviewer import create_app


@pytest.fixture
def runner(tmp_path):
    # A database URL that cannot be opened: the command must not need one.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/dir/x.db",
                      "UPLOAD_ROOT": str(tmp_path / "uploads")})
    return app.test_cli_runner(mix_stderr=False) if _supports_mix_stderr() else app.test_cli_runner()


def _supports_mix_stderr() -> bool:
    import inspect

    from click.testing import CliRunner

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def test_parse_judgment_prints_json(runner, judgments_dir):
    path = judgments_dir / "docx" / "crim2_baobi_pingdingshan.docx"
    result = runner.invoke(args=["parse-judgment", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case_number"] == "（2017）豫04刑终319号"
    assert data["court_name"] == "河南省平顶山市中级人民法院"
    assert data["doc_type"] == "刑事判决书"
    assert data["judgment_date"] == "2017-10-27"
    assert data["presiding_judge"] == "张顺强"
    assert data["clerk"] == "马巧哲"
    assert data["parties"][1] == {"role": "上诉人（原审被告人）", "name": "陈文杰"}
    assert data["sections"]["reasoning"].startswith("本院认为")
    assert "\\u" not in result.stdout


def test_parse_judgment_prints_summary(runner, judgments_dir):
    path = judgments_dir / "docx" / "civ1_jiaotong_xuchang.docx"
    result = runner.invoke(args=["parse-judgment", str(path)])
    assert result.exit_code == 0
    assert "案号：（2016）豫1002民初3287号" in result.stdout
    assert "书记员：张梦娜" in result.stdout


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.4 not a judgment", "PDF"),
    (b"just some text", "不是 Word"),
])
def test_parse_judgment_refuses_bad_file(runner, tmp_path, content, words):
    path = tmp_path / "坏文件.docx"
    path.write_bytes(content)
    result = runner.invoke(args=["parse-judgment", str(path), "--json"])
    assert result.exit_code == 1
    assert words in result.stderr
    assert result.stdout == ""


def test_parse_judgment_missing_file(runner, tmp_path):
    result = runner.invoke(args=["parse-judgment", str(tmp_path / "nope.docx")])
    assert result.exit_code == 1
    assert "无法读取" in result.stderr
