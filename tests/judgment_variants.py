"""Generated Word variants of one short civil judgment: every construct × every field it can hold.

Each variant is a hand-written WordprocessingML package (zipfile + XML strings, as Word and WPS
write them) with the right values in `EXPECTED` (plus per-variant overrides). Used by
tests/test_reader_variants.py and scripts/bench_parse.py. Names are invented.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

EXPECTED = {"case_number": "（2021）豫0811民初1234号", "court_name": "河南省焦作市山阳区人民法院",
            "doc_type": "民事判决书", "judgment_date": "2021-03-05", "presiding_judge": "孙志刚",
            "clerk": "周晓梅"}
FIELDS = tuple(EXPECTED)
NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable=""')
# (prefix, value) per paragraph; the field a paragraph holds, if any.
LINES = [
    ("", "河南省焦作市山阳区人民法院", "court_name"),
    ("", "民 事 判 决 书", "doc_type"),
    ("", "（2021）豫0811民初1234号", "case_number"),
    ("", "原告：赵明远，男，1980年5月6日出生，汉族，住焦作市山阳区。", None),
    ("", "被告：钱立新，男，1975年3月2日出生，汉族，住焦作市解放区。", None),
    ("", "原告赵明远与被告钱立新民间借贷纠纷一案，本院于2021年1月10日立案后，依法适用简易程序，"
         "于2021年2月3日公开开庭进行了审理。原告赵明远、被告钱立新到庭参加诉讼。本案现已审理终结。", None),
    ("", "赵明远向本院提出诉讼请求：判令被告偿还借款50000元。", None),
    ("", "本院经审理认定事实如下：2020年3月1日，被告向原告借款50000元，被告至今未归还。", None),
    ("", "本院认为，合法的借贷关系受法律保护。依照《中华人民共和国民法典》第六百七十五条之规定，判决如下：", None),
    ("", "被告钱立新于本判决生效之日起十日内偿还原告赵明远借款50000元。", None),
    ("", "案件受理费1050元，减半收取525元，由被告钱立新负担。", None),
    ("", "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于河南省焦作市中级人民法院。", None),
    ("审　判　员　　", "孙志刚", "presiding_judge"),
    ("", "二〇二一年三月五日", "judgment_date"),
    ("书　记　员　　", "周晓梅", "clerk"),
]
SIGNATURE = slice(12, 15)
WRONG = "错误值"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(text: str, rpr: str = "") -> str:
    return f"<w:r>{rpr}{t(text)}</w:r>" if text else ""


def p(inner: str, ppr: str = "") -> str:
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{inner}</w:p>"


def tbl(rows: list[list[str]], tcpr: Callable[[int, int], str] = lambda i, j: "") -> str:
    """rows of cell *block* XML; borderless like a signature table."""
    body = "".join("<w:tr>" + "".join(f"<w:tc><w:tcPr>{tcpr(i, j)}</w:tcPr>{cell}</w:tc>"
                                      for j, cell in enumerate(row)) + "</w:tr>"
                   for i, row in enumerate(rows))
    grid = "".join("<w:gridCol/>" for _ in range(max(len(row) for row in rows)))
    return f'<w:tbl><w:tblPr><w:tblBorders/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'


def sdt(content: str, placeholder: bool = False) -> str:
    pr = "<w:sdtPr><w:showingPlcHdr/></w:sdtPr>" if placeholder else "<w:sdtPr><w:alias w:val=\"案号\"/></w:sdtPr>"
    return f"<w:sdt>{pr}<w:sdtContent>{content}</w:sdtContent></w:sdt>"


def txbx(blocks: str) -> str:
    return f"<w:txbxContent>{blocks}</w:txbxContent>"


def textbox_run(blocks: str) -> str:
    """A floating text box as Word 2010+ writes it: DrawingML choice, VML fallback (same text)."""
    drawing = ('<w:drawing><wp:anchor><wp:extent cx="2400000" cy="1200000"/><wp:docPr id="9" name="文本框 9"/>'
               '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:txbx>{txbx(blocks)}</wps:txbx><wps:bodyPr/></wps:wsp>'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    vml = f'<w:pict><v:shape id="t9"><v:textbox>{txbx(blocks)}</v:textbox></v:shape></w:pict>'
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>')


def field(code: str, result: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{escape(code)}'
            f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


# ---- constructs: (prefix, value) → block XML ------------------------------------------------
def _split_runs(pre, val):
    runs = "".join(r(ch) + ("<w:proofErr w:type=\"spellStart\"/>" if i % 2 else "<w:bookmarkStart w:id=\"1\" w:name=\"b\"/>")
                   for i, ch in enumerate(val))
    return p(r(pre) + runs)


def _nested_field(pre, val):
    """{ IF { MERGEFIELD 旧值 } = "" "x" } whose shown result is the value: the inner result is code."""
    inner = field(" MERGEFIELD 旧值 ", r(WRONG))
    return p(r(pre) + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>'
             + inner + '<w:r><w:instrText> = "" "x" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r(val) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


CONSTRUCTS: dict[str, Callable[[str, str], str]] = {
    "plain": lambda pre, val: p(r(pre + val)),
    "split_runs": _split_runs,
    "tab_between": lambda pre, val: p(r(pre.strip("　")) + "<w:r><w:tab/></w:r>" + r(val)),
    "tracked_ins_del": lambda pre, val: p(
        r(pre) + f'<w:del w:id="1" w:author="a"><w:r><w:delText>{WRONG}</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="a">{r(val)}</w:ins>'),
    "tracked_move": lambda pre, val: p(
        f'<w:moveFrom w:id="3" w:author="a">{r(WRONG)}</w:moveFrom>' + r(pre) + f'<w:moveTo w:id="4" w:author="a">{r(val)}</w:moveTo>'),
    "tracked_paragraph_mark": lambda pre, val: p(r(pre), '<w:rPr><w:del w:id="5" w:author="a"/></w:rPr>') + p(r(val)),
    "sdt_block": lambda pre, val: sdt(p(r(pre + val))),
    "sdt_inline": lambda pre, val: p(r(pre) + sdt(r(val))),
    "sdt_nested": lambda pre, val: sdt(p(r(pre) + sdt(f"<w:smartTag w:element=\"PersonName\">{r(val)}</w:smartTag>"))),
    "sdt_placeholder_beside": lambda pre, val: p(r(pre + val)) + sdt(p(r("单击或点击此处输入文字。")), placeholder=True),
    "smart_tag": lambda pre, val: p(r(pre) + f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" '
                                    f'w:element="PersonName">{r(val)}</w:smartTag>'),
    "custom_xml_inline": lambda pre, val: p(r(pre) + f'<w:customXml w:element="name">{r(val)}</w:customXml>'),
    "custom_xml_block": lambda pre, val: f'<w:customXml w:element="line">{p(r(pre + val))}</w:customXml>',
    "field_simple": lambda pre, val: p(r(pre) + f'<w:fldSimple w:instr=" DOCPROPERTY  值 ">{r(val)}</w:fldSimple>'),
    "field_complex": lambda pre, val: p(r(pre) + field(" MERGEFIELD 值 \\* MERGEFORMAT ", r(val))),
    "field_nested": _nested_field,
    "hyperlink": lambda pre, val: p(r(pre) + f'<w:hyperlink w:anchor="x">{r(val)}</w:hyperlink>'),
    "hidden_text_beside": lambda pre, val: p(r(pre) + r(WRONG, "<w:rPr><w:vanish/></w:rPr>") + r(val)),
    "text_box": lambda pre, val: p(textbox_run(p(r(pre + val)))),
    "vml_text_box": lambda pre, val: p(f'<w:r><w:pict><v:shape id="t1"><v:textbox>{txbx(p(r(pre + val)))}'
                                       '</v:textbox></v:shape></w:pict></w:r>'),
    "table_cell": lambda pre, val: tbl([[p(r(pre + val))]]),
    "table_role_name_cells": lambda pre, val: tbl([[p(r(pre.strip("　"))), p(r(val))]]) if pre else tbl([[p(r(val))]]),
    "table_nested": lambda pre, val: tbl([[tbl([[p(r(pre + val))]])]]),
    "table_cell_sdt": lambda pre, val: ('<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:sdt><w:sdtContent>'
                                       f'<w:tc>{p(r(pre + val))}</w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>'),
    "table_merged_cells": lambda pre, val: tbl(
        [[p(r(pre + val)), p(r(""))], [p(r("")), p(r(""))]],
        lambda i, j: ('<w:vMerge w:val="restart"/>' if i == 0 else "<w:vMerge/>") if j == 0 else ""),
}


def document_xml(blocks: list[str], sect: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>'
            f'{"".join(blocks)}<w:sectPr>{sect}</w:sectPr></w:body></w:document>')


def package(document: str, extra: dict[str, str] | None = None) -> bytes:
    """A .docx with optional numbering.xml / header1.xml parts (`extra` name → XML)."""
    extra = extra or {}
    overrides = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument'
                 '.wordprocessingml.document.main+xml"/>']
    rels = []
    if "numbering" in extra:
        overrides.append('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.numbering+xml"/>')
        rels.append('<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/numbering" Target="numbering.xml"/>')
    if "styles" in extra:
        overrides.append('<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.styles+xml"/>')
        rels.append('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/styles" Target="styles.xml"/>')
    if "header" in extra:
        overrides.append('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.header+xml"/>')
        rels.append('<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/header" Target="header1.xml"/>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides) + "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>",
        "word/document.xml": document,
    }
    if "numbering" in extra:
        files["word/numbering.xml"] = extra["numbering"]
    if "header" in extra:
        files["word/header1.xml"] = extra["header"]
    if "styles" in extra:
        files["word/styles.xml"] = extra["styles"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def plain_blocks(lines=LINES) -> list[str]:
    return [p(r(pre + val)) for pre, val, _ in lines]


def construct_variants() -> Iterator[tuple[str, bytes, dict]]:
    """(name, docx bytes, expected values): each construct holding each field in turn."""
    for construct_name, build in CONSTRUCTS.items():
        for index, (pre, val, field_name) in enumerate(LINES):
            if field_name is None:
                continue
            blocks = plain_blocks()
            blocks[index] = build(pre, val)
            yield f"{construct_name}×{field_name}", package(document_xml(blocks)), dict(EXPECTED)


NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {ns}>'
             '<w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
             '<w:suff w:val="nothing"/></w:lvl>'
             '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
             '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
             '</w:lvlOverride></w:num></w:numbering>').format(ns=NS)
RULING_ITEMS = [(0, "被告钱立新于本判决生效之日起十日内偿还原告赵明远借款50000元；"),
                (1, "借款本金50000元；"), (1, "逾期利息按年利率3.85%计算；"),
                (0, "驳回原告赵明远的其他诉讼请求。")]
RULING_STARTS = ["一、", "（一）", "（二）", "二、"]


def _numbered(level: int, text: str, num: int = 1) -> str:
    return p(r(text), f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>')


def _with_ruling(blocks: list[str], ruling: list[str]) -> list[str]:
    return blocks[:9] + ruling + blocks[10:]


def _signature_variant(rows_xml: str) -> list[str]:
    return plain_blocks()[:12] + [rows_xml]


def _replace_line(index: int, text: str) -> list[str]:
    lines = list(LINES)
    lines[index] = ("", text, lines[index][2])
    return plain_blocks(lines)


def document_variants() -> Iterator[tuple[str, bytes, dict]]:
    """Whole-document kinds: letterhead in a header, list numbering, signature tables, soft breaks,
    numbers, dates and names as really typed, appendices after the signature."""
    exp = dict(EXPECTED)
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>'
              + p(r("河南省焦作市山阳区人民法院")) + p(r("民 事 判 决 书")) + "</w:hdr>")
    first_page = '<w:headerReference w:type="first" r:id="rIdH"/><w:titlePg/>'
    yield ("letterhead_first_page_header", package(document_xml(plain_blocks()[2:], first_page),
                                                   {"header": header}), exp)
    yield ("letterhead_default_header", package(document_xml(plain_blocks()[2:], first_page.replace("first", "default")
                                                             .replace("<w:titlePg/>", "")), {"header": header}), exp)
    page_header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>'
                   + p(field(" PAGE ", r("1"))) + "</w:hdr>")
    yield ("page_number_header", package(document_xml(plain_blocks(), '<w:headerReference w:type="default" r:id="rIdH"/>'),
                                         {"header": page_header}), exp)
    yield ("letterhead_text_box", package(document_xml(
        [p(textbox_run(p(r("河南省焦作市山阳区人民法院")) + p(r("民 事 判 决 书"))))] + plain_blocks()[2:])), exp)
    numbered = [_numbered(level, text) for level, text in RULING_ITEMS]
    yield ("ruling_auto_numbered", package(document_xml(_with_ruling(plain_blocks(), numbered)),
                                           {"numbering": NUMBERING}), {**exp, "ruling_starts": RULING_STARTS})
    yield ("ruling_numbered_in_sdt", package(document_xml(_with_ruling(plain_blocks(), [sdt("".join(numbered))])),
                                             {"numbering": NUMBERING}), {**exp, "ruling_starts": RULING_STARTS})
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
              '<w:style w:type="paragraph" w:styleId="Item"><w:name w:val="判项"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="SubItem"><w:basedOn w:val="Item"/></w:style></w:styles>')
    by_style = [p(r(text), '<w:pStyle w:val="Item"/>' if level == 0 else
                  '<w:pStyle w:val="SubItem"/><w:numPr><w:ilvl w:val="1"/></w:numPr>')
                for level, text in RULING_ITEMS]
    yield ("ruling_numbered_by_style", package(document_xml(_with_ruling(plain_blocks(), by_style)),
                                               {"numbering": NUMBERING, "styles": styles}),
           {**exp, "ruling_starts": RULING_STARTS})
    sig = [(pre.strip("　"), val) for pre, val, _ in LINES[SIGNATURE]]
    yield ("signature_table_rows", package(document_xml(_signature_variant(
        tbl([[p(r(role)), p(r(name))] for role, name in sig])))), exp)
    yield ("signature_table_one_cell_breaks", package(document_xml(_signature_variant(
        tbl([["", p("<w:r><w:br/></w:r>".join(r(f"{role}　{name}".strip("　")) for role, name in sig))]])
        .replace("<w:tc><w:tcPr></w:tcPr></w:tc>", "<w:tc><w:p/></w:tc>")))), exp)
    roles = p("<w:r><w:br/></w:r>".join(r(role) for role, _ in sig if role))
    names = p("<w:r><w:br/></w:r>".join(r(name) for role, name in sig if role))
    yield ("signature_table_stacked_columns", package(document_xml(_signature_variant(
        tbl([[roles, names]]) + p(r("二〇二一年三月五日"))))), exp)
    yield ("signature_soft_breaks", package(document_xml(_signature_variant(
        p("<w:r><w:br/></w:r>".join(r(pre + val) for pre, val, _ in LINES[SIGNATURE]))))), exp)
    yield ("title_soft_break", package(document_xml(
        [p(r("河南省焦作市山阳区人民法院") + "<w:r><w:br/></w:r>" + r("民 事 判 决 书"))] + plain_blocks()[2:])), exp)
    for text in ("（２０２１）豫０８１１民初１２３４号", "(2021)豫0811民初1234号", "（2021）豫 0811 民初 1234 号"):
        yield (f"case_number {text}", package(document_xml(_replace_line(2, text))), exp)
    for zero in ("0", "○", "O", "零", "０"):
        yield (f"date zero {zero}", package(document_xml(_replace_line(13, f"二{zero}二一年三月五日"))), exp)
    for role_line, clerk_line in (("审判员（代）　孙志刚", "书记员（兼）　周晓梅"),
                                  ("审　判　员　　孙志刚（代）", "书　记　员　　周晓梅（兼）")):
        lines = list(LINES)
        lines[12] = ("", role_line, "presiding_judge")
        lines[14] = ("", clerk_line, "clerk")
        yield (f"role note {role_line}", package(document_xml(plain_blocks(lines))), exp)
    appendix = ["附：相关法律条文", "《中华人民共和国民法典》", "第六百七十五条借款人应当按照约定的期限返还借款。",
                "本判决书自2021年3月5日起生效后，可在中国裁判文书网查询。", "（注：本文书与原件核对无异）"]
    yield ("appendix_after_signature", package(document_xml(plain_blocks() + [p(r(x)) for x in appendix])), exp)
    yield ("assistant_between_date_and_clerk", package(document_xml(
        plain_blocks()[:14] + [p(r("法官助理　　李文"))] + plain_blocks()[14:])), exp)


def all_variants() -> Iterator[tuple[str, bytes, dict]]:
    yield from construct_variants()
    yield from document_variants()


def observed(parsed, expected: dict) -> dict:
    """The values of `expected`'s keys as the parser gave them (ruling_starts: the ruling paragraphs'
    first characters)."""
    data = parsed.to_dict()
    out = {}
    for key, want in expected.items():
        if key == "ruling_starts":
            start, end = parsed.section_ranges.get("ruling", (0, 0))
            ruling = parsed.paragraphs[start:end]
            out[key] = [text[: len(s)] for text, s in zip(ruling, want)]
        else:
            out[key] = data.get(key)
    return out
