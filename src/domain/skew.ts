/**
 * How much later than its caller a callee's alert may start and still be the
 * cause. Alert rules usually carry `for: 1m` and are evaluated every 15–30 s,
 * so a firing time can lag the real onset by a minute: cause and effect can
 * invert by that much. (30 s cost accuracy on eval data with skewed clocks.)
 * Correlation and ranking share it, so they never disagree about order.
 */
export const SKEW_SEC = 60
