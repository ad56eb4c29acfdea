#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of judge.py on the samples in test_data/ (seconds, no QEMU).

Run: python3 scripts/judge_test.py  (make selftest-judge; .ci/run runs it
before anything is built).  Each sample is one verdict or one failure the
workbench has to tell apart.
"""

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

    def test_failed_case(self):
        self.assertFails(kunit("kunit-fail.json")[0], "FAIL: beta.beta_one")

    def test_crashed_case(self):
        self.assertFails(kunit("kunit-crash.json")[0], "ERROR: alpha.alpha_one")

    def test_suite_crashed_at_the_root(self):
        # Without the source check too: the root's own cases are read.
        self.assertFails(kunit("kunit-root-crash.json", source=None)[0], "FAIL: beta")

    def test_suite_dropped(self):
        v = kunit("kunit-suite-dropped.json")[0]
        self.assertFails(v, "suite beta never ran")
        # Without the source, nothing tells a dropped suite apart.
        self.assertPasses(kunit("kunit-suite-dropped.json", source=None)[0])

    def test_case_dropped(self):
        self.assertFails(kunit("kunit-case-dropped.json")[0], "case beta.beta_two never ran")

    def test_param_case_dropped(self):
        self.assertFails(kunit("kunit-param-dropped.json")[0], "case alpha.alpha_param never ran")

    def test_all_skipped(self):
        self.assertFails(kunit("kunit-all-skip.json")[0], "no case passed")

    def test_no_case(self):
        self.assertFails(kunit("kunit-empty.json", source=None)[0], "the JSON holds no test case")

    def test_truncated_json(self):
        self.assertFails(kunit("kunit-truncated.json")[0], "does not parse")

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

    def test_inner_not_ok(self):
        self.assertFails(ksft("ksft-inner-fail.console")[0], "not ok: zswap_test:zswap.z3fold.compaction")

    def test_outer_exit(self):
        self.assertFails(ksft("ksft-outer-exit.console")[0], "not ok: zswap_test # exit=1")

    def test_outer_timeout(self):
        self.assertFails(ksft("ksft-timeout.console")[0], "not ok: zswap_test # TIMEOUT")

    def test_not_ok_after_a_kernel_message(self):
        self.assertFails(ksft("ksft-hidden-not-ok.console")[0], "printed after a kernel message")

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

    def test_whole_binary_skip_has_its_own_name(self):
        # The listed pattern covers zswap_test's cases, not test_zswap.
        self.assertFails(ksft("ksft-binary-skip.console")[0], "unexpected kselftest SKIP: kselftest-zsmalloc:test_zswap")

    def test_all_skipped(self):
        self.assertFails(ksft("ksft-all-skip.console")[0], "no kselftest passed")

    def test_no_result(self):
        self.assertFails(ksft("ksft-none.console")[0], "no kselftest result")


class KselftestSame(Checks):
    def same(self, tip, base="ksft-pass.console"):
        return judge.ksft_same(data(base), data(tip))

    def test_same(self):
        self.assertPasses(self.same("ksft-pass.console"))

    def test_tip_times_out(self):
        self.assertFails(self.same("ksft-timeout.console"), "zswap_test: ok on the base, not ok # TIMEOUT on the tip")

    def test_tip_exit(self):
        self.assertFails(self.same("ksft-outer-exit.console"), "zswap_test: ok on the base, not ok on the tip")

    def test_tip_lacks_a_case(self):
        self.assertFails(self.same("ksft-tip-missing.console"), "zswap.z3fold.compaction: ok on the base, missing on the tip")

    def test_new_case_fails(self):
        self.assertFails(self.same("ksft-tip-new-fail.console"), "new on the tip and failing: zswap_test:zswap.zbud.new_case")

    def test_new_case_passes(self):
        self.assertPasses(self.same("ksft-tip-new-ok.console"))

    def test_base_without_results(self):
        self.assertFails(self.same("ksft-pass.console", base="ksft-none.console"), "no kselftest result")

    def test_tip_hidden_not_ok(self):
        self.assertFails(self.same("ksft-hidden-not-ok.console"), "zswap.z3fold.compaction: ok on the base, not ok on the tip")


class StageSums(Checks):
    def sums(self, name, line=None):
        return judge.stages(data(name), line)

    def test_pass(self):
        v, counts = self.sums("stages-pass.json", "2 passed, 0 failed, 1 skipped")
        self.assertPasses(v)
        self.assertEqual(counts, (2, 0, 1))

    def test_a_failure(self):
        self.assertFails(self.sums("stages-fail.json")[0], "FAIL mutant-zs-free-no-deferred")

    def test_no_test_ran(self):
        self.assertFails(self.sums("stages-empty.json", "0 passed, 0 failed, 0 skipped")[0], "ran no test")

    def test_count_line_disagrees(self):
        self.assertFails(self.sums("stages-pass.json", "3 passed, 0 failed, 0 skipped")[0], "its results 2 passed")

    def test_no_count_line(self):
        self.assertFails(self.sums("stages-pass.json", "")[0], "no count line")

    def test_unknown_status(self):
        self.assertFails(self.sums("stages-bad-status.json")[0], "is none of PASS")

    def test_truncated(self):
        self.assertFails(self.sums("stages-truncated.json")[0], "not JSON")


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

    def test_kunit_cli_fails(self):
        r = self.run_judge("kunit", "--json", os.path.join(DATA, "kunit-suite-dropped.json"),
                           "--log", os.path.join(DATA, "kunit-test.log"),
                           "--source", os.path.join(DATA, "kunit-suites-array.c"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("suite beta never ran", r.stdout)

    def test_kunit_cli_no_json(self):
        r = self.run_judge("kunit", "--json", os.path.join(DATA, "no-such.json"),
                           "--log", os.path.join(DATA, "kunit-test.log"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no JSON from kunit.py", r.stdout)


if __name__ == "__main__":
    # The workbench's count line closes the run, as every make target's.
    prog = unittest.main(verbosity=1, exit=False)
    r = prog.result
    bad = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
    print(f"{r.testsRun - bad - len(r.skipped)} passed, {bad} failed, {len(r.skipped)} skipped")
    sys.exit(1 if bad or not r.testsRun else 0)
