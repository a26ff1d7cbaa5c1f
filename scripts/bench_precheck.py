"""Benchmark the format checks (文书预检) on the real sample judgments.

Builds the labelled mutant corpus (one injected defect per document per code, see
reviewer/prechecks/mutants.py), runs the checks on each mutant and its clean original, and prints:
per-code recall (a mutant counts as detected when it has a finding of the injected code that the
original lacks), spurious new findings (findings of other codes that the original lacks) per 100
mutants, the error-severity findings on the unmodified judgments (for a person to read), and the
parse + check throughput on one core.

    .venv/bin/python scripts/bench_precheck.py [--data ../shared/data/judgments] [--rounds 10] [--variants 1]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.judgments.parser import parse_docx, parse_paragraphs  # noqa: E402
from reviewer.prechecks.courts import DEFAULT_COURT_CODES  # noqa: E402
from reviewer.prechecks.engine import run_checks  # noqa: E402
from reviewer.prechecks.findings import CODES, ERROR  # noqa: E402
from reviewer.prechecks.mutants import MUTATORS  # noqa: E402


def keyed(findings) -> Counter:
    """Findings compared by code, severity and message (paragraph numbers shift when a mutant
    drops a paragraph, and excerpts show the mutated text)."""
    return Counter((f.code, f.severity, f.message) for f in findings)


def distinct_mutants(mutate, parsed, first_variant: int, variants: int):
    """The mutator's distinct outputs for variants first_variant … first_variant + variants − 1."""
    seen = set()
    for variant in range(first_variant, first_variant + variants):
        mutated = mutate(parsed.paragraphs, parsed, variant)
        if mutated is not None and tuple(mutated) not in seen:
            seen.add(tuple(mutated))
            yield mutated


def build_report(data_dir: Path, rounds: int, variants: int = 1) -> dict:
    files = sorted((data_dir / "docx").glob("*.docx"))
    if not files:
        raise SystemExit(f"no sample judgments in {data_dir / 'docx'}")
    originals = {}
    for path in files:
        parsed = parse_docx(path)
        originals[path.stem] = (parsed, run_checks(parsed, DEFAULT_COURT_CODES))

    stats = {code: {"mutants": 0, "detected": 0, "missed": []} for code in CODES}
    spurious_examples, mutant_total = [], 0
    for index, (name, (parsed, clean)) in enumerate(originals.items()):
        clean_keys = keyed(clean)
        for code, mutate in MUTATORS.items():
            for mutated in distinct_mutants(mutate, parsed, index, variants):
                mutant_total += 1
                stats[code]["mutants"] += 1
                new = keyed(run_checks(parse_paragraphs(mutated), DEFAULT_COURT_CODES)) - clean_keys
                if any(key[0] == code for key in new):
                    stats[code]["detected"] += 1
                else:
                    stats[code]["missed"].append(name)
                spurious_examples.extend((name, code, key) for key in new.elements() if key[0] != code)
    spurious = len(spurious_examples)

    # throughput: parse + checks of the real .docx files, one core, dictionary already loaded.
    # Wall time and this process's CPU time: on a shared machine (load above the core count) only
    # the CPU-time rate measures what one core does.
    started, cpu_started = time.perf_counter(), time.process_time()
    count = 0
    for _ in range(rounds):
        for path in files:
            run_checks(parse_docx(path), DEFAULT_COURT_CODES)
            count += 1
    elapsed = time.perf_counter() - started
    cpu_elapsed = time.process_time() - cpu_started
    # baseline in the same run: only opening each file with python-docx and joining paragraph.text
    # (what any reader must pay); the ratio shows what reading every construct + checks costs on top
    import docx

    started = time.process_time()
    for _ in range(rounds):
        for path in files:
            "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    baseline = count / (time.process_time() - started)
    return {"originals": originals, "stats": stats, "spurious": spurious,
            "spurious_examples": spurious_examples, "mutants": mutant_total,
            "docs_per_second": count / elapsed, "cpu_docs_per_second": count / cpu_elapsed,
            "baseline_per_second": baseline, "documents": len(files)}


def print_report(report: dict) -> bool:
    ok = True
    print(f"样本文书 {report['documents']} 篇；变异文书 {report['mutants']} 篇\n")
    print(f"{'code':32} {'mutants':>7} {'detected':>8} {'recall':>7}")
    for code, row in report["stats"].items():
        recall = row["detected"] / row["mutants"] if row["mutants"] else float("nan")
        flag = "" if row["mutants"] and recall >= 0.95 else "  <-- below goal"
        ok &= not flag
        print(f"{code:32} {row['mutants']:>7} {row['detected']:>8} {recall:>7.2f}{flag}")
        if row["missed"]:
            print(f"{'':32} missed: {', '.join(row['missed'])}")
    per_100 = 100 * report["spurious"] / max(report["mutants"], 1)
    ok &= per_100 <= 2
    print(f"\nspurious new findings: {report['spurious']} in {report['mutants']} mutants "
          f"= {per_100:.2f} per 100 mutants (goal ≤ 2)")
    for name, code, key in report["spurious_examples"]:
        print(f"  {name} [{code}] → {key[0]} {key[1]}: {key[2]}")
    ok &= report["cpu_docs_per_second"] >= 50
    print(f"throughput (validate + read + parse + checks, one core): "
          f"{report['cpu_docs_per_second']:.1f} judgments per CPU-second (goal ≥ 50), "
          f"{report['docs_per_second']:.1f} per wall-clock second (load {os.getloadavg()[0]:.1f}); "
          f"baseline python-docx open + paragraph.text only: {report['baseline_per_second']:.1f} per CPU-second, "
          f"ratio {report['cpu_docs_per_second'] / report['baseline_per_second']:.2f}")

    print("\nerror-severity findings on the unmodified judgments (check each is a real flaw):")
    for name, (parsed, findings) in report["originals"].items():
        for f in findings:
            if f.severity == ERROR:
                print(f"  {name} ¶{f.paragraph}: {f.code} — {f.message} | {f.excerpt}")
    print("\nall findings on the unmodified judgments by code:",
          dict(Counter(f.code for _, fs in report["originals"].values() for f in fs)))
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = next((c / "data" / "judgments" for c in (ROOT.parent / "shared", Path("/work/shared"))
                    if (c / "data" / "judgments").is_dir()), ROOT.parent / "shared" / "data" / "judgments")
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--rounds", type=int, default=10, help="throughput: passes over the samples")
    parser.add_argument("--variants", type=int, default=1,
                        help="mutants per document per code (default 1; more tries every form of each defect)")
    args = parser.parse_args(argv)
    return 0 if print_report(build_report(args.data, args.rounds, args.variants)) else 1


if __name__ == "__main__":
    sys.exit(main())
