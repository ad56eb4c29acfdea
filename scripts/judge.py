#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The workbench's judge of test results, apart from the shell that runs them.

Each subcommand reads the files a run left and prints one line per finding,
then a last line that says the verdict; it exits 0 when the run passed and
1 when it did not.  judge_test.py tests it on the samples in test_data/.

  judge.py kunit --json F --log F [--source F]... [--exit N] [--sub F]
      kunit.py's JSON of a run (and its TAP log, for the skip reasons).
      Fails on a failed or crashed case, on a suite or case that the
      source defines but the run never reported (a suite dropped from
      kunit_test_suites(), a case dropped from its array), on kunit.py's
      nonzero exit status, and on a run in which no case passed.  Each
      skipped case is written to --sub as "SKIP<TAB>kunit:NAME<TAB>WHY".

  judge.py ksft --console F [--prefix P] [--expected-skips F] [--sub F] [--variant V]
      The kselftests' TAP in a guest console (inner "# ok N name" and the
      runner's outer "ok N selftests: DIR: BINARY" lines).  Fails on any
      "not ok" (the runner's "# exit=N" and "# TIMEOUT" ones too, and one
      that a kernel message printed on the same line hides), on a run in
      which nothing passed, and on a skip that expected-skips does not
      list.  Each skip is a result of its own, named P:BINARY:CASE (or
      P:BINARY for a whole binary), written to --sub.

  judge.py ksft-same --base F --tip F [--results-dir D]
      Every kselftest result of the tip's console is the base's (a case
      the base lacks must pass), outer and TIMEOUT lines included.

  judge.py stages F [--count-line "N passed, N failed, N skipped"]
      The stage results a command wrote (one JSON object a line: name,
      status, reason, seconds, log), summed: prints their count line.
      Fails when a result is not PASS, FAIL or SKIP, when there is no
      result, when one FAILed, or when the command's own count line
      disagrees with its results.
  judge.py digest --base F --tip F [--min N]
      The digests that the zpool_trace KUnit suite prints after each phase
      of each trace ("digest TRACE PHASE: ..."), in kunit.py's test.log of
      a kernel before the conversions (the base with the stable fixes) and
      of the series tip: they must be equal, trace by trace and phase by
      phase.  Fails on a digest that differs, on one that only one side
      printed, on a digest printed twice for one phase, and when fewer
      than N (default 1) digests were compared.
"""

import argparse
import fnmatch
import json
import re
import sys


class Verdict:
    """Findings of one judge: lines to print and whether any failed."""

    def __init__(self):
        self.lines = []
        self.bad = 0

    def fail(self, msg):
        self.bad += 1
        self.lines.append(msg)

    def note(self, msg):
        self.lines.append(msg)


def _strip_comments(src):
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    return re.sub(r"//[^\n]*", " ", src)


def kunit_source_suites(src):
    """The suites a KUnit source file defines, as {suite: [case, ...]}.

    Reads every "struct kunit_case NAME[] = { KUNIT_CASE*(case ...), ... }"
    array and every "struct kunit_suite" initializer (one suite, or an
    array of them) with its .name and .test_cases.
    """
    src = _strip_comments(src)
    arrays = {}
    for m in re.finditer(r"struct\s+kunit_case\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\n\s*\}\s*;", src, re.S):
        arrays[m.group(1)] = re.findall(r"\bKUNIT_CASE\w*\(\s*(\w+)", m.group(2))
    suites = {}
    for m in re.finditer(r"struct\s+kunit_suite\s+\w+\s*(\[\s*\w*\s*\])?\s*=\s*\{(.*?)\n\s*\}\s*;", src, re.S):
        body = m.group(2)
        # One initializer per suite: the braces of an array's elements,
        # or the whole body for a single suite.
        blocks = re.findall(r"\{([^{}]*)\}", body) if m.group(1) else [body]
        for b in blocks:
            name = re.search(r"\.name\s*=\s*\"([^\"]+)\"", b)
            cases = re.search(r"\.test_cases\s*=\s*(\w+)", b)
            if name and cases:
                suites[name.group(1)] = arrays.get(cases.group(1), [])
    return suites


def kunit_cases(tree):
    """The cases of kunit.py's JSON tree, as ("suite.case[.param]", status)."""
    cases = []

    def walk(g, path):
        for c in g.get("test_cases", []):
            cases.append((".".join(path + [c["name"]]), c.get("status", "FAIL")))
        for sub in g.get("sub_groups", []):
            walk(sub, path + [sub["name"]])

    # The root's own cases too: kunit.py reports there a suite that
    # crashed or never started (a group with no subtest becomes a case).
    for c in tree.get("test_cases", []):
        cases.append((c["name"], c.get("status", "FAIL")))
    for top in tree.get("sub_groups", []):
        walk(top, [top["name"]])
    return cases


def kunit_case(json_text, name, want):
    """One case ("suite.case") of a kunit.py run must have ended with status
    want (PASS, or FAIL: a reproducer with its fix reverted)."""
    v = Verdict()
    try:
        cases = kunit_cases(json.loads(json_text))
    except ValueError as e:
        v.fail(f"kunit.py's JSON does not parse: {e}")
        return v
    st = [s for n, s in cases if n == name]
    if st == [want]:
        v.note(f"{name}: {want}")
    else:
        v.fail(f"{name}: {', '.join(st) if st else 'never ran'}, not {want}")
    return v


def kunit(json_text, tap, source=None, exit_status=None, must_pass=()):
    """Judge one kunit.py run; each case of must_pass ("suite.case") must
    have passed, not skipped.  Returns (Verdict, cases, skips)."""
    v = Verdict()
    try:
        tree = json.loads(json_text)
    except ValueError as e:
        v.fail(f"kunit.py's JSON does not parse: {e}")
        return v, [], []
    cases = kunit_cases(tree)

    count = {}
    for name, st in cases:
        count[st] = count.get(st, 0) + 1
        if st not in ("PASS", "SKIP"):
            v.fail(f"{st}: {name}")

    # What the source defines must have run: each suite a group of the
    # root, each of its cases a case or (parameterized) a group in it.
    if source is not None:
        defined = kunit_source_suites(source)
        if not defined:
            v.fail("the KUnit source defines no suite (no struct kunit_suite with .name and .test_cases)")
        groups = {g["name"]: g for g in tree.get("sub_groups", [])}
        for suite, want in defined.items():
            g = groups.get(suite)
            if g is None:
                v.fail(f"suite {suite} never ran (the source defines it: is it in kunit_test_suites()?)")
                continue
            ran = {c["name"] for c in g.get("test_cases", [])}
            ran |= {s["name"] for s in g.get("sub_groups", [])}
            for case in want:
                if case not in ran:
                    v.fail(f"case {suite}.{case} never ran (the source lists it)")
            if not want:
                v.fail(f"suite {suite}: the source gives it no case")

    # The k-th skipped case of a name (a parameter such as "zbud" recurs)
    # has the k-th "ok N name # SKIP" line of that name in the TAP log.
    skips, pos = [], {}
    for name, st in cases:
        if st == "SKIP":
            leaf = name.rsplit(".", 1)[-1]
            m = re.compile(r"ok \d+ " + re.escape(leaf) + r" # SKIP ?(.*)").search(tap, pos.get(leaf, 0))
            if m:
                pos[leaf] = m.end()
            why = m.group(1).strip() if m else "no reason in the log"
            skips.append((name, why))
            v.note(f"skipped: {name}: {why}")

    summary = ", ".join(f"{n} {k}" for k, n in sorted(count.items())) or "no case"
    failed = sum(n for k, n in count.items() if k not in ("PASS", "SKIP"))
    if not cases:
        v.fail("the JSON holds no test case")
    elif failed:
        v.note(f"KUnit: {summary}: {failed} failed or crashed")
    elif not count.get("PASS"):
        v.fail(f"KUnit: {summary}: no case passed")
    status = dict(cases)
    for name in must_pass:
        if status.get(name) != "PASS":
            v.fail(f"{name} must pass here, and it {'never ran' if name not in status else 'is ' + status[name]}")
    if exit_status not in (None, 0) and not v.bad:
        v.fail(f"kunit.py exited {exit_status}, yet its JSON shows no failure: a parse error or a lost result (see kunit.out)")
    if not v.bad:
        v.note(f"KUnit (JSON): {summary}")
    return v, cases, skips


# ---- kselftest TAP -----------------------------------------------------------
# A TAP result line, after any "# " nesting; the directive is SKIP, XFAIL,
# TODO, or the runner's "exit=N" or "TIMEOUT ...".
_TAP = re.compile(r"^((?:# )*)(not ok|ok) (\d+)(?: (.*?))?\s*$")
_HIDDEN = re.compile(r"\S.*?((?:# )*)not ok (\d+)(?: (.*?))?\s*$")
_PRINTK = re.compile(r"\s*\[\s*\d+\.\d+\].*$")
_BINARY = re.compile(r"^(?:# )*selftests: ([^:]+): (\S+)\s*$")


def _split_directive(rest):
    """'name # SKIP why' -> ('name', 'SKIP', 'why')."""
    rest = rest or ""
    m = re.match(r"^(.*?)\s*#\s*(SKIP|XFAIL|TODO|exit=\S+|TIMEOUT)\b\s*(.*)$", rest, re.I)
    if not m:
        return _PRINTK.sub("", rest).strip(), "", ""
    return _PRINTK.sub("", m.group(1)).strip(), m.group(2), m.group(3).strip()


def tap_results(console):
    """Every TAP result of a console as dicts: name, ok, directive, why, depth, line.

    An inner result is named BINARY:CASE after the runner's
    "# selftests: DIR: BINARY" header; an outer one (the runner's own
    line) is named BINARY.  A "not ok" printed after other text on its
    line (a kernel message that was being printed) counts too.
    """
    out, binary = [], None
    for n, line in enumerate(console.splitlines(), 1):
        line = line.rstrip("\r")
        b = _BINARY.match(line)
        if b:
            binary = b.group(2)
            continue
        m = _TAP.match(line)
        hidden = False
        if not m:
            h = _HIDDEN.match(line)
            if not h:
                continue
            depth, ok, rest = len(h.group(1)) // 2, False, h.group(3)
            hidden = True
        else:
            depth, ok, rest = len(m.group(1)) // 2, m.group(2) == "ok", m.group(4)
        name, directive, why = _split_directive(rest)
        outer = re.match(r"^selftests: [^:]+: (\S+)$", name)
        if outer:
            name = outer.group(1)
        elif binary and depth > 0:
            name = f"{binary}:{name}"
        out.append({"name": name, "ok": ok, "directive": directive.upper() if directive.upper() in ("SKIP", "XFAIL", "TODO", "TIMEOUT") else directive,
                    "why": why, "depth": depth, "line": n, "hidden": hidden})
    return out


def read_expected_skips(text):
    """expected-skips as [(shell pattern, reason)]."""
    pats = []
    for line in text.splitlines():
        f = line.split(None, 1)
        if not f or f[0].startswith("#"):
            continue
        pats.append((f[0], f[1].strip() if len(f) > 1 else ""))
    return pats


def expected_skip(pats, name):
    for pat, why in pats:
        if fnmatch.fnmatchcase(name, pat):
            return why
    return None


def ksft(console, prefix="kselftest", skip_pats=(), variant=None):
    """Judge the kselftests of one console.  Returns (Verdict, skips).

    With variant V (a boot that runs its own zpool's fixture variant
    alone), every harness case (FIXTURE.VARIANT.TEST) is of variant V, and
    at least one is.
    """
    v = Verdict()
    res = tap_results(console)
    if variant is not None:
        cases = [r for r in res if r["depth"] > 0 and len(r["name"].split(":", 1)[-1].split(".")) >= 3]
        other = [r["name"] for r in cases if r["name"].split(":", 1)[-1].split(".")[1] != variant]
        if other:
            v.fail(f"cases of another variant than {variant}: {', '.join(other[:3])}"
                   + (f" and {len(other) - 3} more" if len(other) > 3 else ""))
        if len(cases) == len(other):
            v.fail(f"no case of variant {variant} ran")
    skips = []
    for r in res:
        if not r["ok"]:
            how = " (printed after a kernel message on its line)" if r["hidden"] else ""
            d = f" # {r['directive']} {r['why']}".rstrip() if r["directive"] else ""
            v.fail(f"not ok: {r['name']}{d}{how} (console line {r['line']})")
        elif r["directive"] == "SKIP":
            full = f"{prefix}:{r['name']}"
            skips.append((full, r["why"]))
            if expected_skip(skip_pats, full) is None:
                v.fail(f"unexpected kselftest SKIP: {full}: {r['why']}")
            else:
                v.note(f"skipped (listed): {full}: {r['why']}")
    passed = [r for r in res if r["ok"] and r["directive"] != "SKIP"]
    if not res:
        v.fail("no kselftest result in the console")
    elif not passed:
        v.fail(f"no kselftest passed: {len(res)} results, all skipped")
    if not v.bad:
        v.note(f"{len(passed)} TAP lines ok (inner and outer), {len(skips)} of them skipped")
    return v, skips


def _key(r):
    if not r["ok"]:
        return "not ok" + (f" # {r['directive']}" if r["directive"] in ("TIMEOUT",) else "")
    return "ok" + (f" # {r['directive']}" if r["directive"] in ("SKIP", "XFAIL", "TODO") else "")


def ksft_same(base, tip):
    """The tip's kselftest results are the base's.  Returns Verdict."""
    v = Verdict()
    rb, rt = tap_results(base), tap_results(tip)
    if not rb:
        v.fail("the base's console has no kselftest result")
        return v
    # A name can recur (one binary per zpool): compare the k-th of each.
    def index(rs):
        seen, out = {}, {}
        for r in rs:
            k = seen.get(r["name"], 0)
            seen[r["name"]] = k + 1
            out[(r["name"], k)] = _key(r)
        return out
    ib, it = index(rb), index(rt)
    same = new = 0
    for key, kb in ib.items():
        kt = it.get(key)
        if kt != kb:
            v.fail(f"{key[0]}: {kb} on the base, {kt or 'missing'} on the tip")
        else:
            same += 1
    for key, kt in it.items():
        if key in ib:
            continue
        new += 1
        if kt == "ok" or kt == "ok # SKIP":
            v.note(f"new on the tip: {key[0]}: {kt}")
        else:
            v.fail(f"new on the tip and failing: {key[0]}: {kt}")
    if not v.bad:
        v.note(f"{same} kselftest results as on the base, {new} new ones ok")
    return v


# ---- digests of the trace test (no functional change, by comparison) --------
# zpool_trace_replay (6.12) and zsmalloc_trace_replay (7.2)
DIGEST_RE = re.compile(r"# (?:zpool|zsmalloc)_trace_replay: digest (\S+) (\S+): (.*\S)\s*$")


def digests(log):
    """The digest lines of a KUnit log: {(trace, phase): text}, and the
    keys printed more than once."""
    out, dup = {}, []
    for line in log.splitlines():
        m = DIGEST_RE.search(line)
        if not m:
            continue
        key = (m.group(1), m.group(2))
        if key in out:
            dup.append(key)
        out[key] = m.group(3)
    return out, dup


def digest(base, tip, minimum=1):
    """The tip printed the base's digests, trace by trace.  Returns Verdict."""
    v = Verdict()
    db, dupb = digests(base)
    dt, dupt = digests(tip)
    for side, dup in (("base", dupb), ("tip", dupt)):
        for t, ph in dup:
            v.fail(f"{t} {ph}: printed twice on the {side}")
    same = 0
    for key in sorted(set(db) | set(dt)):
        t, ph = key
        if key not in dt:
            v.fail(f"{t} {ph}: the base's digest, none on the tip")
        elif key not in db:
            v.fail(f"{t} {ph}: the tip's digest, none on the base")
        elif db[key] != dt[key]:
            v.fail(f"{t} {ph}: differs\n  base: {db[key]}\n  tip:  {dt[key]}")
        else:
            same += 1
    if same < minimum and not v.bad:
        v.fail(f"{same} digests compared, fewer than the {minimum} expected")
    if not v.bad:
        traces = len({t for t, _ in db})
        v.note(f"{same} digests of {traces} traces equal on the base and the tip")
    return v


# ---- stage results (.ci/run) ---------------------------------------------------
def stages(text, count_line=None):
    """Sum one command's stage results.  Returns (Verdict, (p, f, s))."""
    v = Verdict()
    n = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except ValueError as e:
            v.fail(f"line {i}: not JSON: {e}")
            continue
        st = r.get("status")
        if st not in n:
            v.fail(f"line {i}: {r.get('name')}: status {st!r} is none of PASS, FAIL, SKIP")
            continue
        n[st] += 1
        if st == "FAIL":
            v.fail(f"FAIL {r.get('name')}: {r.get('reason', '')} (log: {r.get('log') or '-'})")
    if not sum(n.values()):
        v.fail("no stage result: the command ran no test")
    counts = (n["PASS"], n["FAIL"], n["SKIP"])
    if count_line is not None:
        m = re.match(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?", count_line.strip())
        if not m:
            v.fail(f"the command printed no count line ({count_line!r})")
        elif (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) != counts:
            v.fail(f"the command's count line says '{count_line.strip()}', its results {counts[0]} passed, {counts[1]} failed, {counts[2]} skipped")
    v.note(f"{counts[0]} passed, {counts[1]} failed, {counts[2]} skipped")
    return v, counts


# The commands whose stage results (JSON, one object a line) make figures
# reads, relative to build/logs: (label, file).
FIGURE_SOURCES = [
    ("make check", "check-summary.json"),
    ("make check-stable", "check-stable-summary.json"),
    ("make check-mainline", "mainline/check-summary.json"),
    ("make check-ports", "ports/check-ports-summary.json"),
    ("MAINLINE=1 make check-ports", "mainline/ports/check-ports-summary.json"),
    ("make mutate", "mutate/summary.json"),
    ("MAINLINE=1 make mutate", "mainline/mutate/summary.json"),
    ("MUTATE_ARCH=i386 make mutate", "mutate-i386/summary.json"),
    ("MAINLINE=1 MUTATE_ARCH=i386 make mutate", "mainline/mutate-i386/summary.json"),
    ("make stress", "stress-summary.json"),
    ("make fuzz", "fuzz-summary.json"),
]
FIGURES_BEGIN = "<!-- make figures: begin -->"
FIGURES_END = "<!-- make figures: end -->"


def figures(sources, longest=5):
    """A Markdown table of the last run of each command, from its stage
    results: when it ran, its counts, the seconds its stages took in all,
    and its longest stages.  sources: [(label, text, when)], text None for
    a command with no results.  Returns (Verdict, table)."""
    v = Verdict()
    rows = ["| command | last run | passed, failed, skipped | seconds in stages | longest stages (s) |",
            "|---|---|---|---|---|"]
    for label, text, when in sources:
        if text is None:
            continue
        sv, counts = stages(text)
        bad = [line for line in sv.lines if not line.startswith("FAIL ") and not re.match(r"^\d+ passed", line)]
        if bad:
            v.fail(f"{label}: {bad[0]}")
            continue
        rs = [json.loads(line) for line in text.splitlines() if line.strip()]
        total = sum(int(r.get("seconds") or 0) for r in rs)
        top = sorted(rs, key=lambda r: -int(r.get("seconds") or 0))[:longest]
        rows.append(f"| `{label}` | {when} | {counts[0]}, {counts[1]}, {counts[2]} | {total} ({total // 60}m{total % 60:02d}s) | "
                    + ", ".join(f"{r['name']} {r.get('seconds') or 0}" for r in top) + " |")
    if len(rows) == 2:
        v.fail("no stage results: no command has run here")
    v.note(f"{len(rows) - 2} commands")
    return v, "\n".join(rows) + "\n"


def replace_figures(readme, table):
    """README text with the table between the markers; None if they are
    missing or out of order."""
    b, e = readme.find(FIGURES_BEGIN), readme.find(FIGURES_END)
    if b < 0 or e < b:
        return None
    return readme[:b + len(FIGURES_BEGIN)] + "\n" + table + readme[e:]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sp = ap.add_subparsers(dest="cmd", required=True)
    k = sp.add_parser("kunit", help="judge a kunit.py run by its JSON")
    k.add_argument("--json", required=True)
    k.add_argument("--log", required=True, help="kunit.py's test.log (TAP)")
    k.add_argument("--source", action="append", default=[],
                   help="a suite's C source: every suite and case it defines must have run (repeatable)")
    k.add_argument("--exit", type=int, help="kunit.py's exit status")
    k.add_argument("--sub", default="/dev/null", help="append a SKIP line per skipped case here")
    k.add_argument("--tag", default="", help="words added to the passing verdict line")
    k.add_argument("--must-pass", action="append", default=[], metavar="SUITE.CASE",
                   help="a case that must pass in this run (a skip fails)")
    k.add_argument("--prefix", default="kunit",
                   help="the skipped cases' names start PREFIX: (expected-skips matches on it)")
    kc = sp.add_parser("kunit-case", help="one case of a kunit.py run ended as wanted")
    kc.add_argument("--json", required=True)
    kc.add_argument("--case", required=True, metavar="SUITE.CASE")
    kc.add_argument("--want", required=True, choices=("PASS", "FAIL"))
    t = sp.add_parser("ksft", help="judge the kselftests' TAP in a console")
    t.add_argument("--console", required=True)
    t.add_argument("--prefix", default="kselftest")
    t.add_argument("--expected-skips")
    t.add_argument("--sub", default="/dev/null")
    t.add_argument("--variant", help="every harness case is of this fixture variant (FIXTURE.VARIANT.TEST)")
    ts = sp.add_parser("ksft-same", help="the tip's kselftest results are the base's")
    ts.add_argument("--base", required=True)
    ts.add_argument("--tip", required=True)
    dg = sp.add_parser("digest", help="the tip printed the base's zpool_trace digests")
    dg.add_argument("--base", required=True, help="the base's kunit.py test.log")
    dg.add_argument("--tip", required=True, help="the tip's kunit.py test.log")
    dg.add_argument("--min", type=int, default=1, help="at least this many digests compared")
    st = sp.add_parser("stages", help="sum one command's stage results")
    st.add_argument("file")
    st.add_argument("--count-line")
    fg = sp.add_parser("figures", help="the table of the last runs' stage times (make figures)")
    fg.add_argument("logs", help="build/logs")
    fg.add_argument("--readme", help="write the table between the markers of this README")
    a = ap.parse_args(argv)

    def read(path, what):
        try:
            with open(path, errors="replace") as f:
                return f.read()
        except OSError as e:
            print(f"{what} cannot be read: {e}")
            return None

    # The verdict's lines, its skips appended to --sub, and its status.
    def report(v, skips=()):
        with open(getattr(a, "sub", "/dev/null"), "a") as sub:
            for name, why in skips:
                sub.write(f"SKIP\t{name}\t{why}\n")
        print("\n".join(v.lines))
        return 1 if v.bad else 0

    if a.cmd == "kunit":
        text = read(a.json, "kunit.py's JSON")
        tap = read(a.log, "kunit.py's test.log")
        srcs = [read(f, "the suite's source") for f in a.source]
        if text is None or tap is None or None in srcs:
            return 1
        src = "\n".join(srcs) if srcs else None
        v, _, skips = kunit(text, tap, src, a.exit, a.must_pass)
        if not v.bad and a.tag:
            v.lines[-1] += ", " + a.tag
        return report(v, [(f"{a.prefix}:{n}", why) for n, why in skips])
    if a.cmd == "kunit-case":
        text = read(a.json, "kunit.py's JSON (the build or the boot failed?)")
        if text is None:
            return 1
        return report(kunit_case(text, a.case, a.want))
    if a.cmd == "ksft":
        con = read(a.console, "the console")
        pats = read(a.expected_skips, "expected-skips") if a.expected_skips else ""
        if con is None or pats is None:
            return 1
        v, skips = ksft(con, a.prefix, read_expected_skips(pats), a.variant)
        return report(v, skips)
    if a.cmd == "ksft-same":
        base, tip = read(a.base, "the base's console"), read(a.tip, "the tip's console")
        if base is None or tip is None:
            return 1
        return report(ksft_same(base, tip))
    if a.cmd == "digest":
        base, tip = read(a.base, "the base's KUnit log"), read(a.tip, "the tip's KUnit log")
        if base is None or tip is None:
            return 1
        return report(digest(base, tip, a.min))
    if a.cmd == "stages":
        text = read(a.file, "the stage results")
        if text is None:
            print("0 passed, 1 failed, 0 skipped")
            return 1
        return report(stages(text, a.count_line)[0])
    if a.cmd == "figures":
        import os
        import time
        srcs = []
        for label, rel in FIGURE_SOURCES:
            path = os.path.join(a.logs, rel)
            if os.path.exists(path):
                when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(os.path.getmtime(path)))
                srcs.append((label, read(path, rel), when))
        v, table = figures(srcs)
        if v.bad:
            return report(v)
        if a.readme:
            text = read(a.readme, "the README")
            new = replace_figures(text or "", table)
            if new is None:
                print(f"{a.readme}: no '{FIGURES_BEGIN}' ... '{FIGURES_END}' markers")
                return 1
            with open(a.readme, "w") as f:
                f.write(new)
            print(f"{a.readme}: the table of {len(srcs)} commands written")
        else:
            print(table, end="")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
