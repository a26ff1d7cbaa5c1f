"""Independent mutation benchmark of the format checks (issue #11, item 6), before and after.

Two sets of slips, both generated without reference to the rules (reviewer/prechecks/slips.py):
1. random slips as people type them — look-alike, sound-alike and dropped characters in a party's
   name, doubled characters, citation marks, a missing clerk line, ASCII punctuation, Arabic digits
   in the date — at seeded random positions, `--seeds` per document and kind;
2. systematic doubling: in `--sentences` body sentences drawn at random from each document, every
   Chinese character is typed twice in turn (nothing hand-picked).
On every labelled judgment: the 15 real samples and the Word field cases. A mutant counts as caught
when a finding of the expected code appears that the clean document does not have (for the
systematic doubling: naming the doubled pair in the changed paragraph). Spurious: any other new
finding (another code, or the same code elsewhere), per 100 mutants; and the rule's findings on the
clean documents, per 100 documents.

"Before" runs the rules as they were at BASELINE (read from git, with that commit's word list), in
the same run and on the same mutants, for the rules changed since: text.repeated_char and
party.name_inconsistent.

    .venv/bin/python scripts/bench_slips.py [--seeds 10] [--sentences 6] [--show-missed]
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.judgments.parser import parse_docx, parse_paragraphs  # noqa: E402
from reviewer.prechecks.courts import DEFAULT_COURT_CODES  # noqa: E402
from reviewer.prechecks.engine import run_checks  # noqa: E402
from reviewer.prechecks.slips import EXPECTED_CODE, SLIPS, every_doubling  # noqa: E402

BASELINE = "5db9b4a17910dbb415804adefceeb8a1f31d82c5"     # main before the issue-#11 item-6 rework
BASELINE_RULES = {"text.repeated_char": ("reviewer/prechecks/rules/text.py", "check_repeated"),
                  "party.name_inconsistent": ("reviewer/prechecks/rules/parties.py", "check_names")}


def _git_module(path: str, name: str, **names) -> types.ModuleType:
    source = subprocess.run(["git", "show", f"{BASELINE}:{path}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    source = source.replace("from reviewer.prechecks.rules import lexicon\n", "")
    module = types.ModuleType(name)
    module.__dict__.update(names)
    exec(compile(source, f"{BASELINE[:7]}:{path}", "exec"), module.__dict__)
    return module


def baseline_rules() -> dict:
    lexicon = _git_module("reviewer/prechecks/rules/lexicon.py", "baseline_lexicon")
    return {code: getattr(_git_module(path, f"baseline_{code}", lexicon=lexicon), function)
            for code, (path, function) in BASELINE_RULES.items()}


DOTTED_NAMES = ("阿卜杜·热合曼", "买买提·吐尔逊", "古丽·艾力", "艾克拜尔·米吉提", "热依拉·阿不都",
                "努尔兰·哈力木", "迪丽娜尔·阿不都", "伊力哈木·托合提", "帕提古丽·买买提", "库尔班·尼亚孜")


def dotted_variant(parsed):
    """The judgment with every personal name of a party (2–4 characters) replaced throughout by a
    name with a middle dot, parsed again."""
    signed = {s.name for s in parsed.signatories}
    persons = [n for n in dict.fromkeys(p.name for p in parsed.parties)
               if re.fullmatch(r"[\u4e00-\u9fa5]{2,4}", n) and "某" not in n and n not in signed]
    if not persons:
        return None
    paragraphs = list(parsed.paragraphs)
    for k, person in enumerate(sorted(persons, key=len, reverse=True)):
        paragraphs = [p.replace(person, DOTTED_NAMES[k % len(DOTTED_NAMES)]) for p in paragraphs]
    return parse_paragraphs(paragraphs)


def corpus() -> list[Path]:
    shared = next(c for c in (ROOT.parent / "shared", Path("/work/shared")) if (c / "data").is_dir())
    return (sorted((shared / "data" / "judgments" / "docx").glob("*.docx"))
            + sorted((shared / "data" / "field").glob("c*.docx")))


def keyed(findings, with_paragraph=False) -> Counter:
    return Counter((f.code, f.paragraph if with_paragraph else f.severity, f.message) for f in findings)


class Tally:
    def __init__(self):
        self.caught, self.count, self.spurious, self.missed, self.extra = 0, 0, 0, [], []

    def line(self, label: str) -> str:
        recall = self.caught / self.count if self.count else float("nan")
        flag = "" if self.count and recall >= 0.95 else "  <-- below 0.95"
        return f"{label:34} {self.count:>7} {self.caught:>6} {recall:>7.3f} {100 * self.spurious / max(self.count, 1):>9.2f}{flag}"


def random_slips(files, seeds, before_rules, kinds=tuple(SLIPS)):
    after = {kind: Tally() for kind in kinds}
    before = {kind: Tally() for kind in kinds if EXPECTED_CODE[kind] in before_rules}
    spurious = []
    for stem, parsed in files:
        clean_keys = keyed(run_checks(parsed, DEFAULT_COURT_CODES))
        clean_before = {code: keyed(rule(parsed, DEFAULT_COURT_CODES)) for code, rule in before_rules.items()}
        for kind in kinds:
            slip, code, seen = SLIPS[kind], EXPECTED_CODE[kind], set()
            for seed in range(seeds):
                mutated = slip(parsed.paragraphs, parsed, random.Random(f"{stem}/{kind}/{seed}"))
                if mutated is None or tuple(mutated) in seen:
                    continue
                seen.add(tuple(mutated))
                reparsed = parse_paragraphs(mutated)
                new = keyed(run_checks(reparsed, DEFAULT_COURT_CODES)) - clean_keys
                caught = any(key[0] == code for key in new)
                others = [key for key in new.elements() if key[0] != code]
                tally = after[kind]
                tally.count += 1
                tally.caught += caught
                tally.spurious += len(others)
                spurious.extend((stem, kind, key) for key in others)
                if not caught:
                    changed = [m for o, m in zip(parsed.paragraphs, mutated) if o != m]
                    tally.missed.append((stem, changed[0][:80] if changed else "（删去一段）"))
                if kind in before:
                    new_before = keyed(before_rules[code](reparsed, DEFAULT_COURT_CODES)) - clean_before[code]
                    before[kind].count += 1
                    before[kind].caught += any(key[0] == code for key in new_before)
    return before, after, spurious


def systematic_doubling(files, sentences, before_rules):
    code = "text.repeated_char"
    versions = {"before": before_rules[code], "after": None}
    tallies = {name: Tally() for name in versions}
    clean_hits = Counter()
    for stem, parsed in files:
        clean = {"before": keyed(versions["before"](parsed, DEFAULT_COURT_CODES), True),
                 "after": keyed(run_checks(parsed, DEFAULT_COURT_CODES), True)}
        clean_hits.update({name: sum(n for key, n in keys.items() if key[0] == code) for name, keys in clean.items()})
        for i, k, mutated in every_doubling(parsed.paragraphs, parsed, random.Random(f"{stem}/every"),
                                            sentences):
            reparsed = parse_paragraphs(mutated)
            pair = mutated[i][k] * 2
            for name, rule in versions.items():
                found = rule(reparsed, DEFAULT_COURT_CODES) if rule else run_checks(reparsed, DEFAULT_COURT_CODES)
                new = keyed(found, True) - clean[name]
                hits = [key for key in new.elements() if key[0] == code and key[1] == i and f"“{pair}”" in key[2]]
                tally = tallies[name]
                tally.count += 1
                tally.caught += bool(hits)
                extra = list(new.elements())
                if hits:
                    extra.remove(hits[0])
                tally.spurious += len(extra)
                tally.extra.extend((stem, key) for key in extra)
                if not hits:
                    tally.missed.append((stem, mutated[i][max(0, k - 8):k + 10]))
    return tallies, clean_hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="random slips per document and kind")
    parser.add_argument("--sentences", type=int, default=6, help="sentences per document doubled throughout")
    parser.add_argument("--show-missed", action="store_true")
    args = parser.parse_args()
    before_rules = baseline_rules()
    files = [(path.stem, parse_docx(path)) for path in corpus()]
    header = f"{'':34} {'mutants':>7} {'caught':>6} {'recall':>7} {'spur/100':>9}"

    before, after, spurious = random_slips(files, args.seeds, before_rules)
    print(f"{len(files)} documents (15 real samples + field cases); rules before = {BASELINE[:7]}\n")
    print(f"1. random slips, {args.seeds} seeds per document and kind (spurious: other codes)\n{header}")
    for kind, tally in after.items():
        if kind in before:
            print(before[kind].line(f"{kind:9} {EXPECTED_CODE[kind]} before").replace("     0.00", "        -"))
        print(tally.line(f"{kind:9} {EXPECTED_CODE[kind]}{' after' if kind in before else ''}"))
        for name, text in tally.missed if args.show_missed else ():
            print(f"{'':12}missed {name}: {text}")
    total = sum(t.count for t in after.values())
    print(f"spurious new findings after: {len(spurious)} = {100 * len(spurious) / max(total, 1):.2f} per 100 mutants")
    for name, kind, key in spurious[:30]:
        print(f"  {name} [{kind}] → {key[0]} {key[1]}: {key[2]}")

    dotted = [(f"{stem}·", variant) for stem, parsed in files if (variant := dotted_variant(parsed))]
    before, after, spurious = random_slips(dotted, args.seeds, before_rules, kinds=("name", "doubled"))
    print(f"\n1b. the same, on {len(dotted)} documents whose parties' personal names were replaced by names "
          f"with a middle dot (阿卜杜·热合曼 …)\n{header}")
    for kind, tally in after.items():
        print(before[kind].line(f"{kind:9} {EXPECTED_CODE[kind]} before").replace("     0.00", "        -"))
        print(tally.line(f"{kind:9} {EXPECTED_CODE[kind]} after"))
        for name, text in tally.missed if args.show_missed else ():
            print(f"{'':12}missed {name}: {text}")
    print(f"spurious new findings after: {len(spurious)} = "
          f"{100 * len(spurious) / max(sum(t.count for t in after.values()), 1):.2f} per 100 mutants")
    for name, kind, key in spurious[:30]:
        print(f"  {name} [{kind}] → {key[0]} {key[1]}: {key[2]}")

    tallies, clean_hits = systematic_doubling(files, args.sentences, before_rules)
    print(f"\n2. systematic doubling: every character of {args.sentences} random body sentences per document "
          f"(spurious: any other new finding)\n{header}")
    for name, tally in tallies.items():
        print(tally.line(f"text.repeated_char {name}"))
        print(f"{'':34} findings on the {len(files)} clean documents: {clean_hits[name]} "
              f"= {100 * clean_hits[name] / len(files):.1f} per 100 documents")
        for stem, text in tally.missed if args.show_missed and name == "after" else ():
            print(f"{'':12}missed {stem}: {text}")
        for stem, key in tally.extra[:40] if name == "after" else ():
            print(f"{'':12}spurious {stem} ¶{key[1]} {key[0]}: {key[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
