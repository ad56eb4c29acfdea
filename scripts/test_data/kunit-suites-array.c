// SPDX-License-Identifier: GPL-2.0
/* A sample KUnit source: two suites in one array, as lib/test_zpdesc_kunit.c. */
static struct kunit_case alpha_cases[] = {
	KUNIT_CASE(alpha_one),
	KUNIT_CASE_PARAM(alpha_param, alpha_gen_params),
	/* KUNIT_CASE(alpha_commented_out), */
	{}
};

static struct kunit_case beta_cases[] = {
	KUNIT_CASE(beta_one),
	KUNIT_CASE_SLOW(beta_two),
	{}
};

static struct kunit_suite suites[] = {
	{ .name = "alpha", .test_cases = alpha_cases },
	{ .name = "beta", .init = beta_init, .test_cases = beta_cases },
};

kunit_test_suites(&suites[0], &suites[1]);
