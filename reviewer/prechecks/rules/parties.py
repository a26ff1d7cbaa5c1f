"""`party.name_inconsistent` (warning): a party's name written differently once in the body.

Names checked: the head's parties whose name is a personal name (2–4 Chinese characters, or a name
with a middle dot such as 阿卜杜·热合曼), an organisation's name (5 or more characters: 某某有限公司),
and the short names the judgment defines (（以下简称邮储银行）, （下称“平安保险”）) — none anonymised
with 某 or ×. For each, look in the body (outside title, head, signature and appendix; a name of 5
or more characters also in the head's other lines, e.g. 经丹江口市人民检查院决定取保候审 in the
defendant's line) for a stray form of it:
- the same length with one character replaced (赵明远 → 赵朋远, 赵名远, 越明远), or
- one character dropped (赵明远 → 赵远, 赵明, 明远; names of 3 or more characters), or
- the middle dot typed as another mark or left out (阿卜杜.热合曼, 阿卜杜。热合曼, 阿卜杜热合曼),
written exactly once in the whole document. A name of up to four characters must stand where a name
stands: after a role (原告, 被告人 …), a separator (、，。：；（“) or 与/和/及/同/对/向/由/被/将, or at
the start of a paragraph — or, when the surname is kept, before a separator, the end, or a word that
follows names (称, 辩称, 诉, 于, 向, 的, 与, 已, 未, 系, 在 …); a longer one is distinctive enough
anywhere.
Not reported: another known name (party, short name or signatory) or a prefix of one, a word of the
dictionary (jieba, so 建立新 in 建立新的 is not taken for 王立新), anonymised forms, a form next to a
doubled character (text.repeated_char's case), and names whose head spelling is itself a doubled
slip. A single stray spelling is the typical typo; a second person would be written more than once.
"""
from __future__ import annotations

import re

from reviewer.prechecks.findings import WARNING, Finding, excerpt
from reviewer.prechecks.rules import lexicon
from reviewer.prechecks.rules.common import body_indexes

_ROLES = ("被上诉人", "上诉人", "申请执行人", "被执行人", "被申请人", "申请人", "第三人", "被告人",
          "原告", "被告", "罪犯", "代理人", "辩护人", "当事人")
_PERSON = re.compile(r"^[\u4e00-\u9fa5]{2,4}$")
_DOTS = "·•・.．。"
_DOTTED = re.compile(r"^[\u4e00-\u9fa5]{1,8}(?:[·•・][\u4e00-\u9fa5]{1,8})+$")
_ORGANISATION = re.compile(r"^[\u4e00-\u9fa5（）()]{5,40}$")
_SHORT_NAME = re.compile(r"[（(](?:以下|下)?简称[：:为]?[“\"‘]?([\u4e00-\u9fa5A-Za-z0-9·]{2,20}?)[”\"’]?[）)]")
_DISTINCTIVE = 5          # names this long are checked wherever they stand
_LEFT_CHARS = set("、，。：；（“‘与和及同对向由被将")
_RIGHT = re.compile(r"^(?:$|[、，。：；）”’,.;:]|辩称|称|诉|于|向|的|与|和|及|已|未|系|在|为|因|将|对|自|提|要|应|无|等|均|主张|认为|到庭)")


def _after_role(text: str, start: int) -> bool:
    return any(text.endswith(role, 0, start) for role in _ROLES)


def _in_name_place(text: str, start: int, end: int, word: str, name: str) -> bool:
    """A name place: a role or separator before it; a changed or dropped surname needs one. With the
    surname kept, a name-like continuation after it is enough when no other word comes before."""
    left = start == 0 or text[start - 1] in _LEFT_CHARS or _after_role(text, start)
    if not left and "\u4e00" <= text[start - 1] <= "\u9fa5":
        return False            # introduced by another word (证人张明发, 案外人…): another person
    right = bool(_RIGHT.match(text[end:]))
    if word[0] != name[0]:
        return left
    return left or right


def _pattern(name: str) -> re.Pattern:
    """Finds, at every position, a stray form of `name`: one character replaced or dropped, or the
    middle dot typed otherwise or left out."""
    forms = []
    for k, ch in enumerate(name):
        if ch in _DOTS:
            others = re.escape("".join(d for d in _DOTS if d != ch))
            forms.append(re.escape(name[:k]) + f"[{others}]?" + re.escape(name[k + 1:]))
            continue
        forms.append(re.escape(name[:k]) + r"[\u4e00-\u9fa5]" + re.escape(name[k + 1:]))
        if len(name) >= 3:
            forms.append(re.escape(name[:k] + name[k + 1:]))
    return re.compile(f"(?=({'|'.join(forms)}))")


def _checked_names(parsed, full_text: str) -> tuple[set[str], set[str]]:
    """(names to check, short names defined by the judgment)."""
    short = {m.group(1) for text in parsed.paragraphs for m in _SHORT_NAME.finditer(text)}
    names = {p.name for p in parsed.parties
             if _PERSON.match(p.name) or _DOTTED.match(p.name) or _ORGANISATION.match(p.name)}
    names |= {n for n in short if len(n) >= 2}
    return {n for n in names if "某" not in n and "×" not in n and not _head_slip(n, full_text)}, short


def _stray(word: str, name: str, known: set[str], full_text: str) -> bool:
    if word == name or word in known or "某" in word or "×" in word or not word.strip(_DOTS):
        return False
    if any(other.startswith(word) or word.startswith(other) for other in known if other != name):
        return False
    if lexicon.is_word(word):
        return False
    if re.search(r"(.)\1", word) and not re.search(r"(.)\1", name):
        return False          # 钱立立(新): a doubled character, text.repeated_char's case
    inside = full_text.count(name) if word in name else 0    # 赵明 inside every 赵明远
    return full_text.count(word) - inside == 1


def _head_slip(name: str, full_text: str) -> bool:
    """Is the head's own spelling a doubled character (孙雷雷 written once, 孙雷 elsewhere; 人冯新楼 parsed
    from 被告人人冯新楼)? Then the body's spelling is not compared with it: text.repeated_char reports it."""
    if full_text.count(name) != 1:
        return False
    at = full_text.find(name)
    forms = [name[:k] + name[k + 1:] for k in range(len(name) - 1) if name[k] == name[k + 1]]
    if at > 0 and full_text[at - 1] == name[0]:
        forms.append(name[1:])
    return any(len(form) >= 2 and full_text.count(form) - (form in name) >= 1 for form in forms)


def _beside_doubling(text: str, start: int, end: int, name: str) -> bool:
    """Does the match touch a doubled character the name does not have (薛薛梅 in 薛薛梅梅)?"""
    region = text[max(0, start - 2):end + 2]
    return any(region[k] == region[k + 1] and region[k] * 2 not in name for k in range(len(region) - 1))


def _message(word: str, name: str, short: set[str]) -> str:
    if name in short:
        return f"“{word}”与文书所称“{name}”仅一字之差，请核对名称是否一致。"
    if _ORGANISATION.match(name):
        return f"“{word}”与首部当事人名称“{name}”仅一字之差，请核对名称是否一致。"
    return f"“{word}”与首部当事人“{name}”仅一字之差，请核对姓名是否一致。"


def check_names(parsed, court_codes) -> list[Finding]:
    full_text = "\n".join(parsed.paragraphs)
    names, short = _checked_names(parsed, full_text)
    if not names:
        return []
    known = {p.name for p in parsed.parties} | {s.name for s in parsed.signatories} | short
    head = parsed.section_ranges.get("head", (0, 0))
    findings, reported = [], set()
    for name in sorted(names):
        pattern = _pattern(name)
        defining = {p.paragraph for p in parsed.parties if p.name == name}
        for i in body_indexes(parsed, skip=("appendix", "title", "signature")):
            if head[0] <= i < head[1] and (len(name) < _DISTINCTIVE or i in defining):
                continue        # the head names the parties; a long name is checked in the others' lines
            text = parsed.paragraphs[i]
            spans = [(m.start(), m.start() + len(name)) for m in re.finditer(re.escape(name), text)]
            for match in pattern.finditer(text):
                word, start = match.group(1), match.start()
                end = start + len(word)
                if any(a <= start and end <= b for a, b in spans):
                    continue        # part of the name as written (津市顺通… inside 天津市顺通…)
                if word in reported or not _stray(word, name, known, full_text):
                    continue
                if (len(name) < _DISTINCTIVE and not _in_name_place(text, start, end, word, name)) \
                        or _beside_doubling(text, start, end, name):
                    continue
                reported.add(word)
                findings.append(Finding("party.name_inconsistent", WARNING, _message(word, name, short), i,
                                        excerpt(text, start, end)))
    return findings
