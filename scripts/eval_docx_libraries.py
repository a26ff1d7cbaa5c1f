"""Evaluate docx2python and mammoth against the project's reader on the labelled Word set.

Each library's text goes through the same `normalize_paragraph` + `parse_paragraphs` as ours, and
the fields are compared with the labels (field cases in ../shared/data/field and the generated
variants of tests/judgment_variants.py). The two libraries are not project dependencies: install
them in a throw-away virtualenv and pass its site-packages, e.g.

    python -m venv /tmp/docxeval && /tmp/docxeval/bin/pip install docx2python==3.7.1 mammoth==1.13.0
    .venv/bin/python scripts/eval_docx_libraries.py --site /tmp/docxeval/lib/python3.11/site-packages
    .venv/bin/python scripts/eval_docx_libraries.py ours

Results and the decision: docs/docx-reading.md.
"""
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "--site" in sys.argv:
    sys.path.append(sys.argv[sys.argv.index("--site") + 1])

from reviewer.judgments.parser import normalize_paragraph, parse_paragraphs  # noqa: E402
from tests.judgment_variants import all_variants, observed  # noqa: E402


def lib_docx2python(path):
    from docx2python import docx2python
    with docx2python(path) as d:
        text = d.text
    return text.split("\n")

def lib_mammoth(path):
    import mammoth
    with open(path, "rb") as f:
        return mammoth.extract_raw_text(f).value.split("\n")

def lib_ours(path):
    import docx
    from reviewer.judgments.reader import read_blocks
    return read_blocks(docx.Document(path))

LIBS = {"docx2python": lib_docx2python, "mammoth": lib_mammoth}
if "ours" in sys.argv[1:]:
    LIBS = {"ours": lib_ours}

FIELD = next(c / "data" / "field" for c in (ROOT.parent / "shared", Path("/work/shared"))
             if (c / "data" / "field").is_dir())
cases = []
exp_field = json.loads((FIELD / "expected.json").read_text())["cases"]
for name, exp in exp_field.items():
    exp = {k: v for k, v in exp.items() if k != "no_error_findings"}
    cases.append(("field:" + name, (FIELD / name).read_bytes(), exp))
for name, data, exp in all_variants():
    cases.append(("variant:" + name, data, exp))

results = {lib: defaultdict(lambda: [0, 0]) for lib in LIBS}
kinds = {lib: defaultdict(lambda: [0, 0]) for lib in LIBS}
times = Counter()
for name, data, exp in cases:
    with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as f:
        f.write(data)
    for lib, fn in LIBS.items():
        t0 = time.perf_counter()
        try:
            blocks = fn(f.name)
            err = None
        except Exception as e:
            blocks, err = [], repr(e)[:80]
        times[lib] += time.perf_counter() - t0
        paras = [l for b in blocks for l in normalize_paragraph(b)]
        got = observed(parse_paragraphs(paras), exp) if paras else {}
        ok_all = True
        for k, v in exp.items():
            ok = got.get(k) == v
            results[lib][k][0] += ok; results[lib][k][1] += 1
            ok_all &= ok
        kind = name.split(":")[1].split("×")[0] if "×" in name else name.split(":")[1].split(" ")[0]
        kinds[lib][kind][0] += ok_all; kinds[lib][kind][1] += 1
    os.unlink(f.name)
for lib in LIBS:
    tot = sum(v[1] for v in kinds[lib].values()); good = sum(v[0] for v in kinds[lib].values())
    print(f"== {lib}: documents fully right {good}/{tot}; {1000*times[lib]/len(cases):.1f} ms/doc")
    print("   per field:", {k: f"{a}/{b}" for k, (a, b) in results[lib].items()})
    print("   kinds with failures:", {k: f"{a}/{b}" for k, (a, b) in kinds[lib].items() if a < b})
