"""Independent mutation benchmark of the format checks (issue #11, item 6).

Slips typed the way people type them (reviewer/prechecks/slips.py: look-alike, sound-alike and
dropped characters in a party's name, doubled characters, citation marks, a missing clerk line,
ASCII punctuation, Arabic digits in the date), generated at random positions without reference to
the rules, on every labelled judgment: the 15 real samples and the Word field cases. For each
slip kind and seed the mutant is checked; it counts as caught when a finding of the expected code
appears that the clean document does not have. Prints recall per code, the spurious new findings
(other codes) per 100 mutants, and what the checks report on the clean documents.

    .venv/bin/python scripts/bench_slips.py [--seeds 10]
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.judgments.parser import parse_docx, parse_paragraphs  # noqa: E402
from reviewer.prechecks.courts import DEFAULT_COURT_CODES  # noqa: E402
from reviewer.prechecks.engine import run_checks  # noqa: E402
from reviewer.prechecks.slips import EXPECTED_CODE, SLIPS  # noqa: E402


def corpus() -> list[Path]:
    shared = next(c for c in (ROOT.parent / "shared", Path("/work/shared")) if (c / "data").is_dir())
    return (sorted((shared / "data" / "judgments" / "docx").glob("*.docx"))
            + sorted((shared / "data" / "field").glob("c*.docx")))


def keyed(findings) -> Counter:
    return Counter((f.code, f.severity, f.message) for f in findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="random slips per document and kind")
    parser.add_argument("--show-missed", action="store_true")
    args = parser.parse_args()
    stats = {kind: [0, 0, []] for kind in SLIPS}
    spurious, mutants, clean_findings = [], 0, Counter()
    files = corpus()
    for path in files:
        parsed = parse_docx(path)
        clean = run_checks(parsed, DEFAULT_COURT_CODES)
        clean_findings.update(f"{f.code} ({f.severity})" for f in clean)
        clean_keys = keyed(clean)
        for kind, slip in SLIPS.items():
            seen = set()
            for seed in range(args.seeds):
                mutated = slip(parsed.paragraphs, parsed, random.Random(f"{path.stem}/{kind}/{seed}"))
                if mutated is None or tuple(mutated) in seen:
                    continue
                seen.add(tuple(mutated))
                mutants += 1
                new = keyed(run_checks(parse_paragraphs(mutated), DEFAULT_COURT_CODES)) - clean_keys
                caught = any(key[0] == EXPECTED_CODE[kind] for key in new)
                stats[kind][0] += caught
                stats[kind][1] += 1
                if not caught:
                    changed = [m for o, m in zip(parsed.paragraphs, mutated) if o != m]
                    stats[kind][2].append((path.stem, changed[0][:80] if changed else "（删去一段）"))
                spurious.extend((path.stem, kind, key) for key in new.elements() if key[0] != EXPECTED_CODE[kind])
    print(f"{len(files)} documents (15 real samples + field cases), {mutants} mutants, seeds {args.seeds}\n")
    print(f"{'slip':10} {'code':30} {'mutants':>7} {'caught':>6} {'recall':>7}")
    for kind, (caught, count, missed) in stats.items():
        recall = caught / count if count else float("nan")
        flag = "" if count and recall >= 0.95 else "  <-- below 0.95"
        print(f"{kind:10} {EXPECTED_CODE[kind]:30} {count:>7} {caught:>6} {recall:>7.2f}{flag}")
        if args.show_missed:
            for name, text in missed:
                print(f"{'':12}missed {name}: {text}")
    print(f"\nspurious new findings: {len(spurious)} = {100 * len(spurious) / max(mutants, 1):.2f} per 100 mutants "
          "(goal ≤ 2)")
    for name, kind, key in spurious[:30]:
        print(f"  {name} [{kind}] → {key[0]} {key[1]}: {key[2]}")
    print("\nfindings on the clean documents:", dict(clean_findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
