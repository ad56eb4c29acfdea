#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of judge.py on the samples in test_data/ (seconds, no QEMU).

Run: python3 scripts/judge_test.py  (make selftest-judge; .ci/run runs it
before anything is built).  Each sample is one verdict or one failure the
workbench has to tell apart.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "test_data")
sys.path.insert(0, HERE)
import judge  # noqa: E402


def data(name):
    with open(os.path.join(DATA, name), errors="replace") as f:
        return f.read()


def kunit(json_name, source="kunit-suites-array.c", exit_status=0):
    src = data(source) if source else None
    return judge.kunit(data(json_name), data("kunit-test.log"), src, exit_status)


class KunitSource(unittest.TestCase):
    def test_array_of_suites(self):
        self.assertEqual(judge.kunit_source_suites(data("kunit-suites-array.c")),
                         {"alpha": ["alpha_one", "alpha_param"], "beta": ["beta_one", "beta_two"]})

    def test_single_suite(self):
        self.assertEqual(judge.kunit_source_suites(data("kunit-suite-single.c")),
                         {"zs": ["zs_one", "zs_param"]})

    def test_no_suite(self):
        self.assertEqual(judge.kunit_source_suites("int x;\n"), {})


class Checks(unittest.TestCase):
    """A verdict passes, or fails with a line that says why."""

    def assertPasses(self, v):
        self.assertEqual(v.bad, 0, v.lines)

    def assertFails(self, v, text):
        self.assertGreater(v.bad, 0, v.lines)
        self.assertTrue(any(text in l for l in v.lines), f"no line with {text!r} in {v.lines}")


class KunitVerdict(Checks):
    def test_pass(self):
        v, cases, skips = kunit("kunit-pass.json")
        self.assertPasses(v)
        self.assertEqual(len(cases), 5)
        self.assertEqual(skips, [])
        self.assertEqual(v.lines[-1], "KUnit (JSON): 5 PASS")

    def test_skip_has_its_reason(self):
        v, _, skips = kunit("kunit-skip-listed.json")
        self.assertPasses(v)
        self.assertEqual(skips, [("alpha.alpha_param.p2", "p2 is not movable")])

    def test_must_pass(self):
        j = lambda *names: judge.kunit(data("kunit-skip-listed.json"), data("kunit-test.log"),
                                       data("kunit-suites-array.c"), 0, names)
        self.assertPasses(j("alpha.alpha_one", "beta.beta_two")[0])
        # a skip is not a pass (make check-ports: the HIGHMEM case)
        self.assertFails(j("alpha.alpha_param.p2")[0], "alpha.alpha_param.p2 must pass here, and it is SKIP")
        self.assertFails(j("alpha.alpha_gone")[0], "alpha.alpha_gone must pass here, and it never ran")

    # (sample, source or None, the line that says why it fails)
    FAILURES = [
        ("kunit-fail.json", "kunit-suites-array.c", "FAIL: beta.beta_one"),
        ("kunit-crash.json", "kunit-suites-array.c", "ERROR: alpha.alpha_one"),
        # the root's own cases are read, with no source to compare
        ("kunit-root-crash.json", None, "FAIL: beta"),
        ("kunit-suite-dropped.json", "kunit-suites-array.c", "suite beta never ran"),
        ("kunit-case-dropped.json", "kunit-suites-array.c", "case beta.beta_two never ran"),
        ("kunit-param-dropped.json", "kunit-suites-array.c", "case alpha.alpha_param never ran"),
        ("kunit-all-skip.json", "kunit-suites-array.c", "no case passed"),
        ("kunit-empty.json", None, "the JSON holds no test case"),
        ("kunit-truncated.json", "kunit-suites-array.c", "does not parse"),
    ]

    def test_failures(self):
        for sample, source, why in self.FAILURES:
            with self.subTest(sample):
                self.assertFails(kunit(sample, source=source)[0], why)

    def test_dropped_suite_needs_the_source(self):
        # Without the source, nothing tells a dropped suite apart.
        self.assertPasses(kunit("kunit-suite-dropped.json", source=None)[0])

    def test_exit_status_alone(self):
        self.assertFails(kunit("kunit-pass.json", exit_status=1)[0], "kunit.py exited 1")

    def test_source_with_no_suite(self):
        v = judge.kunit(data("kunit-pass.json"), "", "int x;\n", 0)[0]
        self.assertFails(v, "defines no suite")


SKIPS = judge.read_expected_skips(data("ksft-expected-skips"))


def ksft(name, skips=SKIPS):
    return judge.ksft(data(name), "kselftest-zsmalloc", skips)


class KselftestTap(Checks):
    def test_pass(self):
        v, skips = ksft("ksft-pass.console")
        self.assertPasses(v)
        self.assertEqual(skips, [])
        self.assertEqual(v.lines[-1], "16 TAP lines ok (inner and outer), 0 of them skipped")

    def test_names(self):
        names = [r["name"] for r in judge.tap_results(data("ksft-pass.console"))]
        self.assertEqual(names[0], "zswap_test:zswap.zsmalloc.store_load")
        self.assertEqual(names[-1], "zswap_test")

    FAILURES = [
        ("ksft-inner-fail.console", "not ok: zswap_test:zswap.z3fold.compaction"),
        ("ksft-outer-exit.console", "not ok: zswap_test # exit=1"),
        ("ksft-timeout.console", "not ok: zswap_test # TIMEOUT"),
        ("ksft-hidden-not-ok.console", "printed after a kernel message"),
        # the listed pattern covers zswap_test's cases, not test_zswap
        ("ksft-binary-skip.console", "unexpected kselftest SKIP: kselftest-zsmalloc:test_zswap"),
        ("ksft-all-skip.console", "no kselftest passed"),
        ("ksft-none.console", "no kselftest result"),
    ]

    def test_failures(self):
        for sample, why in self.FAILURES:
            with self.subTest(sample):
                self.assertFails(ksft(sample)[0], why)

    def test_variant(self):
        con = data("ksft-pass.console")
        own = "\n".join(l for l in con.splitlines() if ".z3fold." not in l and ".zbud." not in l)
        v, _ = judge.ksft(own, "kselftest-zsmalloc", SKIPS, "zsmalloc")
        self.assertPasses(v)
        self.assertFails(judge.ksft(con, "kselftest-zsmalloc", SKIPS, "zsmalloc")[0],
                         "cases of another variant than zsmalloc: zswap_test:zswap.z3fold.")
        self.assertFails(judge.ksft(own, "kselftest-zbud", SKIPS, "zbud")[0], "no case of variant zbud ran")

    def test_kernel_message_in_a_name(self):
        v, _ = ksft("ksft-printk-in-name.console")
        self.assertPasses(v)
        names = [r["name"] for r in judge.tap_results(data("ksft-printk-in-name.console"))]
        self.assertIn("zswap_test:zswap.z3fold.compaction", names)

    def test_last_skip_without_newline(self):
        v, skips = ksft("ksft-last-skip.console", skips=[])
        self.assertFails(v, "unexpected kselftest SKIP: kselftest-zsmalloc:zswap_test:zswap.zbud.last_case")
        self.assertEqual(skips, [("kselftest-zsmalloc:zswap_test:zswap.zbud.last_case", "harness: the last skip")])
        self.assertPasses(ksft("ksft-last-skip.console")[0])


class KselftestSame(Checks):
    def same(self, tip, base="ksft-pass.console"):
        return judge.ksft_same(data(base), data(tip))

    def test_same(self):
        self.assertPasses(self.same("ksft-pass.console"))

    FAILURES = [
        ("ksft-timeout.console", "ksft-pass.console", "zswap_test: ok on the base, not ok # TIMEOUT on the tip"),
        ("ksft-outer-exit.console", "ksft-pass.console", "zswap_test: ok on the base, not ok on the tip"),
        ("ksft-tip-missing.console", "ksft-pass.console", "zswap.z3fold.compaction: ok on the base, missing on the tip"),
        ("ksft-tip-new-fail.console", "ksft-pass.console", "new on the tip and failing: zswap_test:zswap.zbud.new_case"),
        ("ksft-hidden-not-ok.console", "ksft-pass.console", "zswap.z3fold.compaction: ok on the base, not ok on the tip"),
        ("ksft-pass.console", "ksft-none.console", "no kselftest result"),
    ]

    def test_failures(self):
        for tip, base, why in self.FAILURES:
            with self.subTest(tip=tip, base=base):
                self.assertFails(self.same(tip, base), why)

    def test_new_case_passes(self):
        self.assertPasses(self.same("ksft-tip-new-ok.console"))


class Digests(Checks):
    """The zpool_trace digests of the base (with the stable fixes) and of
    the tip, from the kunit.py test.log of each (make check's digest
    stage).  digest-base.log is a real base log; the tip samples are it
    with one thing changed each."""

    def dg(self, tip, base="digest-base.log", minimum=56):
        return judge.digest(data(base), data(tip), minimum)

    def test_same(self):
        v = self.dg("digest-tip-same.log")
        self.assertPasses(v)
        self.assertEqual(v.lines, ["56 digests of 7 traces equal on the base and the tip"])

    FAILURES = [
        ("digest-tip-differs.log", "digest-base.log", "zsmalloc/2 compact: differs"),
        ("digest-tip-missing.log", "digest-base.log", "z3fold/2 thin: the base's digest, none on the tip"),
        ("digest-tip-extra.log", "digest-base.log", "zbud/3 alloc: the tip's digest, none on the base"),
        ("digest-tip-twice.log", "digest-base.log", "zbud/1 empty: printed twice on the tip"),
        ("digest-none.log", "digest-none.log", "0 digests compared, fewer than the 56 expected"),
    ]

    def test_failures(self):
        for tip, base, why in self.FAILURES:
            with self.subTest(tip=tip, base=base):
                self.assertFails(self.dg(tip, base), why)

    def test_fewer_than_expected(self):
        self.assertFails(self.dg("digest-tip-same.log", minimum=57),
                         "56 digests compared, fewer than the 57 expected")

    ML = ("    # zsmalloc_trace_replay: digest zsmalloc/1 alloc: ret 0 pages 553"
          " live 256 placed 160 unplaced 61 compacted 0 hash 209bcf6f98eaad0a\n")

    def test_mainline_suite(self):
        """The 7.2 trace suite's lines (zsmalloc_trace_replay) are digests
        too; a digest line of any other case is not."""
        self.assertPasses(judge.digest(self.ML, self.ML, 1))
        self.assertFails(judge.digest(self.ML, self.ML.replace("hash 2", "hash 3"), 1),
                         "zsmalloc/1 alloc: differs")
        other = self.ML.replace("zsmalloc_trace_replay", "zsmalloc_compact")
        self.assertFails(judge.digest(other, other, 1), "0 digests compared")


class StageSums(Checks):
    def sums(self, name, line=None):
        return judge.stages(data(name), line)

    def test_pass(self):
        v, counts = self.sums("stages-pass.json", "2 passed, 0 failed, 1 skipped")
        self.assertPasses(v)
        self.assertEqual(counts, (2, 0, 1))

    FAILURES = [
        ("stages-fail.json", None, "FAIL mutant-zs-free-no-deferred"),
        ("stages-empty.json", "0 passed, 0 failed, 0 skipped", "ran no test"),
        ("stages-pass.json", "3 passed, 0 failed, 0 skipped", "its results 2 passed"),
        ("stages-pass.json", "", "no count line"),
        ("stages-bad-status.json", None, "is none of PASS"),
        ("stages-truncated.json", None, "not JSON"),
    ]

    def test_failures(self):
        for sample, line, why in self.FAILURES:
            with self.subTest(sample=sample, line=line):
                self.assertFails(self.sums(sample, line)[0], why)


class Figures(Checks):
    """make figures: the README's table of stage times, from the JSON."""

    def test_table(self):
        v, table = judge.figures([("make check", data("stages-pass.json"), "2026-12-06 05:00"),
                                  ("make mutate", None, "-")])
        self.assertPasses(v)
        rows = table.splitlines()
        self.assertEqual(len(rows), 3, table)
        self.assertIn("| `make check` | 2026-12-06 05:00 | 2, 0, 1 |", rows[2])
        total = sum(json.loads(l).get("seconds") or 0 for l in data("stages-pass.json").splitlines() if l.strip())
        self.assertIn(f"| {total} (", rows[2])

    def test_failures(self):
        for sample, why in [("stages-truncated.json", "not JSON"), ("stages-empty.json", "ran no test"),
                            ("stages-bad-status.json", "is none of PASS")]:
            with self.subTest(sample=sample):
                self.assertFails(judge.figures([("make check", data(sample), "x")])[0], why)
        self.assertFails(judge.figures([("make check", None, "x")])[0], "no command has run")

    def test_readme(self):
        text = f"a\n{judge.FIGURES_BEGIN}\nold\n{judge.FIGURES_END}\nb\n"
        self.assertEqual(judge.replace_figures(text, "T\n"),
                         f"a\n{judge.FIGURES_BEGIN}\nT\n{judge.FIGURES_END}\nb\n")
        self.assertIsNone(judge.replace_figures("a\nb\n", "T\n"))
        self.assertIsNone(judge.replace_figures(f"{judge.FIGURES_END}\n{judge.FIGURES_BEGIN}\n", "T\n"))


class CiRun(Checks):
    """.ci/run on a fake workbench (test_data/ci/Makefile): its sums."""

    def ci(self, mode):
        with tempfile.TemporaryDirectory() as d:
            for sub in (".ci", "scripts"):
                os.mkdir(os.path.join(d, sub))
            shutil.copy(os.path.join(HERE, "..", ".ci", "run"), os.path.join(d, ".ci", "run"))
            shutil.copy(os.path.join(HERE, "judge.py"), os.path.join(d, "scripts", "judge.py"))
            for f in os.listdir(os.path.join(DATA, "ci")):
                shutil.copy(os.path.join(DATA, "ci", f), d)
            r = subprocess.run(["bash", os.path.join(d, ".ci", "run")], capture_output=True, text=True,
                               env=dict(os.environ, MODE=mode))
            return r.returncode, r.stdout.splitlines()[-1]

    def test_all_pass(self):
        self.assertEqual(self.ci("ok"), (0, "9 passed, 0 failed, 1 skipped"))

    def test_a_step_that_ran_no_test(self):
        self.assertEqual(self.ci("zero"), (1, "8 passed, 1 failed, 1 skipped"))

    def test_count_line_against_results(self):
        self.assertEqual(self.ci("disagree"), (1, "9 passed, 1 failed, 1 skipped"))

    def test_a_failure_beside(self):
        # make check-mainline runs beside the others; its count comes in
        # when it is joined
        self.assertEqual(self.ci("beside-fails"), (1, "9 passed, 1 failed, 1 skipped"))

    def test_survivors_with_exit_0(self):
        self.assertEqual(self.ci("survivor"), (1, "9 passed, 2 failed, 1 skipped"))


class Cli(unittest.TestCase):
    def run_judge(self, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, "judge.py"), *args],
                              capture_output=True, text=True)

    def test_kunit_cli_writes_skips(self):
        with tempfile.NamedTemporaryFile("r") as sub:
            r = self.run_judge("kunit", "--json", os.path.join(DATA, "kunit-skip-listed.json"),
                               "--log", os.path.join(DATA, "kunit-test.log"),
                               "--source", os.path.join(DATA, "kunit-suites-array.c"),
                               "--exit", "0", "--sub", sub.name, "--tag", "KASAN on")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(sub.read(), "SKIP\tkunit:alpha.alpha_param.p2\tp2 is not movable\n")
        self.assertEqual(r.stdout.splitlines()[-1], "KUnit (JSON): 4 PASS, 1 SKIP, KASAN on")

    def test_kunit_cli_skip_prefix(self):
        with tempfile.NamedTemporaryFile("r") as sub:
            r = self.run_judge("kunit", "--json", os.path.join(DATA, "kunit-skip-listed.json"),
                               "--log", os.path.join(DATA, "kunit-test.log"),
                               "--exit", "0", "--sub", sub.name, "--prefix", "kunit-arm64-64k")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(sub.read(), "SKIP\tkunit-arm64-64k:alpha.alpha_param.p2\tp2 is not movable\n")

    def test_kunit_cli_fails(self):
        r = self.run_judge("kunit", "--json", os.path.join(DATA, "kunit-suite-dropped.json"),
                           "--log", os.path.join(DATA, "kunit-test.log"),
                           "--source", os.path.join(DATA, "kunit-suites-array.c"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("suite beta never ran", r.stdout)

    def test_kunit_cli_two_sources(self):
        # Each --source counts: the second one's suite never ran.
        r = self.run_judge("kunit", "--json", os.path.join(DATA, "kunit-pass.json"),
                           "--log", os.path.join(DATA, "kunit-test.log"),
                           "--source", os.path.join(DATA, "kunit-suites-array.c"),
                           "--source", os.path.join(DATA, "kunit-suite-single.c"), "--exit", "0")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("suite zs never ran", r.stdout)

    def test_digest_cli(self):
        r = self.run_judge("digest", "--base", os.path.join(DATA, "digest-base.log"),
                           "--tip", os.path.join(DATA, "digest-tip-differs.log"), "--min", "56")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("zsmalloc/2 compact: differs", r.stdout)

    def test_kunit_case(self):
        # beta.beta_one failed, alpha.alpha_one passed (kunit-fail.json)
        text = data("kunit-fail.json")
        self.assertFalse(judge.kunit_case(text, "beta.beta_one", "FAIL").bad)
        self.assertFalse(judge.kunit_case(text, "alpha.alpha_one", "PASS").bad)
        v = judge.kunit_case(text, "alpha.alpha_one", "FAIL")
        self.assertTrue(v.bad)
        self.assertIn("alpha.alpha_one: PASS, not FAIL", v.lines[-1])
        v = judge.kunit_case(text, "beta.beta_one", "PASS")
        self.assertTrue(v.bad)
        v = judge.kunit_case(text, "beta.beta_three", "FAIL")
        self.assertIn("never ran", v.lines[-1])
        self.assertTrue(judge.kunit_case("{", "beta.beta_one", "FAIL").bad)

    def test_kunit_case_cli(self):
        j = os.path.join(DATA, "kunit-fail.json")
        r = self.run_judge("kunit-case", "--json", j, "--case", "beta.beta_one", "--want", "FAIL")
        self.assertEqual(r.returncode, 0, r.stdout)
        r = self.run_judge("kunit-case", "--json", j, "--case", "beta.beta_two", "--want", "FAIL")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("beta.beta_two: PASS, not FAIL", r.stdout)
        r = self.run_judge("kunit-case", "--json", os.path.join(DATA, "no-such.json"),
                           "--case", "beta.beta_one", "--want", "FAIL")
        self.assertEqual(r.returncode, 1)

    def test_kunit_cli_no_json(self):
        r = self.run_judge("kunit", "--json", os.path.join(DATA, "no-such.json"),
                           "--log", os.path.join(DATA, "kunit-test.log"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("kunit.py's JSON cannot be read", r.stdout)


if __name__ == "__main__":
    # The workbench's count line closes the run, as every make target's.
    prog = unittest.main(verbosity=1, exit=False)
    r = prog.result
    bad = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
    print(f"{r.testsRun - bad - len(r.skipped)} passed, {bad} failed, {len(r.skipped)} skipped")
    sys.exit(1 if bad or not r.testsRun else 0)
