"""Measure parse-judgment on every labelled Word document the project has.

Three sets, each document with its right values:
- the 15 real sample judgments (../shared/data/judgments/docx; labels in tests/test_parser.py REAL:
  case number, court, document type, signing date, presiding judge, clerk, first party, cause,
  procedure);
- the field cases (../shared/data/field/*.docx; labels in its expected.json);
- the generated variants (tests/judgment_variants.py: each construct × each field it can hold,
  and the whole-document kinds).
Prints per-set and per-field accuracy, every failure (document, field, expected, got), and the
parse speed.

    .venv/bin/python scripts/bench_parse.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.judgments.document import DocumentError  # noqa: E402
from reviewer.judgments.parser import parse_docx  # noqa: E402
from tests.judgment_variants import all_variants, observed  # noqa: E402
from tests.test_parser import REAL  # noqa: E402

REAL_FIELDS = ("case_number", "court_name", "doc_type", "judgment_date", "presiding_judge", "clerk",
               "first_party", "cause", "procedure")


def find_shared(given: str | None) -> Path:
    candidates = [Path(given)] if given else [ROOT.parent / "shared", ROOT / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "data" / "judgments").is_dir():
            return candidate
    raise SystemExit("shared/data not found; pass --shared")


def real_cases(shared: Path):
    for name, values in sorted(REAL.items()):
        expected = dict(zip(REAL_FIELDS, values))
        expected["first_party"] = list(expected["first_party"])
        yield name, (shared / "data" / "judgments" / "docx" / f"{name}.docx").read_bytes(), expected


def field_cases(shared: Path):
    import json

    folder = shared / "data" / "field"
    cases = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["cases"]
    for name, expected in sorted(cases.items()):
        expected = {k: v for k, v in expected.items() if k != "no_error_findings"}
        yield name, (folder / name).read_bytes(), expected


def values(parsed, expected: dict) -> dict:
    got = observed(parsed, {k: v for k, v in expected.items() if k not in ("first_party",)})
    if "first_party" in expected:
        got["first_party"] = [parsed.parties[0].role, parsed.parties[0].name] if parsed.parties else None
    return got


def run(sets) -> tuple[dict, list, int, float]:
    per_field = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    failures, documents, elapsed = [], 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "judgment.docx"
        for set_name, cases in sets:
            for name, data, expected in cases:
                path.write_bytes(data)
                documents += 1
                start = time.perf_counter()
                try:
                    parsed = parse_docx(path)
                except DocumentError as error:
                    elapsed += time.perf_counter() - start
                    for key in expected:
                        per_field[set_name][key][1] += 1
                    failures.append((set_name, name, "*", "readable", error.message))
                    continue
                elapsed += time.perf_counter() - start
                got = values(parsed, expected)
                for key, want in expected.items():
                    right = got.get(key) == want
                    per_field[set_name][key][0] += right
                    per_field[set_name][key][1] += 1
                    if not right:
                        failures.append((set_name, name, key, want, got.get(key)))
    return per_field, failures, documents, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="the shared folder (holding data/judgments and data/field)")
    args = parser.parse_args()
    shared = find_shared(args.shared)
    sets = [("real samples", list(real_cases(shared))), ("field cases", list(field_cases(shared))),
            ("generated variants", list(all_variants()))]
    per_field, failures, documents, elapsed = run(sets)
    total_right = total = 0
    for set_name, cases in sets:
        fields = per_field[set_name]
        right = sum(r for r, _ in fields.values())
        count = sum(n for _, n in fields.values())
        total_right, total = total_right + right, total + count
        print(f"{set_name}: {len(cases)} documents, {right}/{count} field values right "
              f"({100 * right / max(count, 1):.1f} %)")
        for key, (r, n) in fields.items():
            print(f"    {key:<16} {r:>4}/{n:<4} {100 * r / max(n, 1):6.1f} %")
    print(f"all: {documents} documents, {total_right}/{total} field values right "
          f"({100 * total_right / max(total, 1):.1f} %)")
    print(f"failures: {len(failures)}")
    for set_name, name, key, want, got in failures:
        print(f"    [{set_name}] {name}: {key} expected {want!r}, got {got!r}")
    print(f"parse speed (validate + read + parse, one core): {documents / elapsed:.0f} documents/s "
          f"({1000 * elapsed / documents:.1f} ms each)")


if __name__ == "__main__":
    main()
