// SPDX-License-Identifier: GPL-2.0
/* A sample KUnit source: one suite, as mm/tests/zsmalloc_kunit.c. */
static struct kunit_case zs_cases[] = {
	KUNIT_CASE(zs_one),
	KUNIT_CASE_PARAM(zs_param, zs_gen_params),
	{}
};

static struct kunit_suite zs_suite = {
	.name = "zs",
	.test_cases = zs_cases,
};

kunit_test_suite(zs_suite);
