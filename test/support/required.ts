/**
 * Whether a test may skip when a real dependency (a Debian program, the
 * compiled binary) is missing. On a developer's machine it skips; under
 * AIOPS_TEST_REQUIRE_DEPS=1 (CI installs everything first) a missing one
 * throws, so the test file fails naming it instead of skipping unseen.
 */

/** `found` unchanged, or undefined when absent and skipping is allowed; throws when it is required. */
export function orSkip<T>(what: string, found: T | undefined): T | undefined {
  if (found || process.env.AIOPS_TEST_REQUIRE_DEPS !== '1') return found
  throw new Error(`${what} is missing and AIOPS_TEST_REQUIRE_DEPS=1: run scripts/install-test-deps.sh as root`)
}
