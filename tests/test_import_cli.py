"""`flask import-judgments`: a folder of exports imported with a summary of accepted and rejected files."""
import shutil

from sqlalchemy import func, select

from models import Judgment, JudgmentStatus
from tests.conftest import JUDGMENTS_DIR
from tests.factories import make_court


def test_import_folder_accepts_good_files_and_reports_bad_ones(app, db, tmp_path):
    make_court("豫0802")
    db.session.commit()
    folder = tmp_path / "export"
    (folder / "sub").mkdir(parents=True)
    for name in ["civ1_jiaotong_xuchang.docx", "exe_zhongjie_lishu.docx"]:
        shutil.copy(JUDGMENTS_DIR / "docx" / name, folder / name)
    shutil.copy(JUDGMENTS_DIR / "docx" / "crim1_daoqie_jiaozuo_shanyang.docx", folder / "sub" / "刑事.docx")
    (folder / "坏文件.docx").write_bytes(b"not a zip at all")
    result = app.test_cli_runner().invoke(args=["import-judgments", str(folder), "--court", "豫0802",
                                                "--month", "2021-04", "--submit"])
    assert result.exit_code == 0, result.output
    assert "接收 3 份，拒收 1 份" in result.output
    assert "坏文件.docx" in result.output
    assert db.session.scalar(select(func.count(Judgment.id))) == 3
    # none of the three belongs to 豫0802: received, but held as drafts for a person to explain
    assert set(db.session.scalars(select(Judgment.status))) == {JudgmentStatus.DRAFT}
    assert result.output.count("已接收但未报送") == 3


def test_import_submits_judgments_of_the_court_itself(app, db, tmp_path):
    make_court("豫0811")
    db.session.commit()
    shutil.copy(JUDGMENTS_DIR / "docx" / "crim1_daoqie_jiaozuo_shanyang.docx", tmp_path / "a.docx")
    result = app.test_cli_runner().invoke(args=["import-judgments", str(tmp_path), "--court", "豫0811",
                                                "--month", "2021-04", "--submit"])
    assert result.exit_code == 0, result.output
    assert set(db.session.scalars(select(Judgment.status))) == {JudgmentStatus.SUBMITTED}


def test_import_refuses_unknown_court_and_bad_month(app, db, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-judgments", str(tmp_path), "--court", "豫9999", "--month", "2021-04"])
    assert result.exit_code != 0 and "未找到法院代字" in result.output
    result = runner.invoke(args=["import-judgments", str(tmp_path), "--court", "豫0802", "--month", "2021-13"])
    assert result.exit_code != 0 and "YYYY-MM" in result.output


def test_import_of_only_bad_files_exits_non_zero(app, db, tmp_path):
    make_court("豫0802")
    db.session.commit()
    (tmp_path / "a.docx").write_bytes(b"%PDF-1.4 nope")
    result = app.test_cli_runner().invoke(args=["import-judgments", str(tmp_path), "--court", "豫0802",
                                                "--month", "2021-04"])
    assert result.exit_code == 1
