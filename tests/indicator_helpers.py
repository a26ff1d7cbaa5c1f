"""Case-register import helpers shared by test modules: the register header and rows, a CSV file of
them, and the import call."""
from __future__ import annotations

import csv
import io
from datetime import date

from reviewer.indicators import imports


HEADER = ["案号", "承办部门", "承办人", "立案日期", "结案日期", "结案方式", "适用程序", "上诉日期", "移送二审日期",
          "二审结果", "扣除天数", "扣除审批日期"]


ROWS = [
    ["（2021）豫0802民初1号", "民一庭", "张三", "2021-01-10", "2021-03-31", "判决", "普通程序", "2021-04-10",
     "2021-04-20", "改判", "", ""],
    ["（2021）豫0802民初2号", "民一庭", "张三", "2021-02-01", "2021-03-10", "调解", "简易程序", "", "", "", "", ""],
    ["（2021）豫0802民初3号", "民二庭", "李四", "2021-03-01", "2021-03-15", "撤诉", "小额诉讼", "", "", "", "", ""],
    ["（2020）豫0802民初9号", "民二庭", "李四", "2020-07-01", "", "", "普通程序", "", "", "", "10", "2020-09-01"],
    ["（2021）豫0802执5号", "执行局", "王五", "2021-01-05", "2021-02-20", "终本", "", "", "", "", "", ""],
]


def csv_file(tmp_path, rows, header=HEADER, encoding="utf-8", name="台账.csv"):
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def upload(court, path, as_of=date(2021, 6, 30), actor=None):
    with open(path, "rb") as stream:
        return imports.upload(actor, court, stream, path.name, as_of)
