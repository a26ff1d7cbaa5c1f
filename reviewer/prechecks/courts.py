"""Built-in court-code table (法院代字) used when no reference data is passed (e.g. the CLI).

The Jiaozuo courts of DOMAIN.md §2, plus the courts of the sample judgments, whose codes are
confirmed by their own case numbers. Keys are court names as they appear in titles.
"""
from __future__ import annotations

JIAOZUO_COURT_CODES: dict[str, str] = {
    "河南省焦作市中级人民法院": "豫08",
    "河南省焦作市解放区人民法院": "豫0802",
    "河南省焦作市中站区人民法院": "豫0803",
    "河南省焦作市马村区人民法院": "豫0804",
    "河南省焦作市山阳区人民法院": "豫0811",
    "河南省修武县人民法院": "豫0821",
    "河南省博爱县人民法院": "豫0822",
    "河南省武陟县人民法院": "豫0823",
    "河南省温县人民法院": "豫0825",
    "河南省沁阳市人民法院": "豫0882",
    "河南省孟州市人民法院": "豫0883",
}
SAMPLE_COURT_CODES: dict[str, str] = {
    "河南省浚县人民法院": "豫0621",
    "河南省许昌市魏都区人民法院": "豫1002",
    "呼和浩特市赛罕区人民法院": "内0105",
    "内蒙古自治区呼和浩特市赛罕区人民法院": "内0105",
    "黑龙江省宁安市人民法院": "黑1084",
    "江苏省扬州市江都区人民法院": "苏1012",
    "河南省虞城县人民法院": "豫1425",
    "湖北省丹江口市人民法院": "鄂0381",
    "河南省平顶山市中级人民法院": "豫04",
    "河南省开封市中级人民法院": "豫02",
    "安徽省宣城市宣州区人民法院": "皖1802",
    "四川省旺苍县人民法院": "川0821",
    "河南省汝州市人民法院": "豫0482",
    "河南省开封市祥符区人民法院": "豫0212",
}
DEFAULT_COURT_CODES: dict[str, str] = {**JIAOZUO_COURT_CODES, **SAMPLE_COURT_CODES}
