/**
 * A consecutive-failure circuit breaker for the LLM provider. The deadline
 * bounds one request; without a breaker a provider that hangs would still
 * cost every request the full deadline. After `threshold` transport failures
 * in a row (timeout, connection, 5xx, 429) calls stop for `cooldownMs` and
 * clusters answer from the graph at once (`graph-fallback-circuit_open`);
 * then calls are let through again and one success closes the circuit.
 * Answers the model got wrong (parse_error, invalid_root) prove the provider
 * is up, so they do not count. The clock is injected for tests.
 */
import type { FailureReason } from './client.ts'

export interface Breaker {
  /** May a call go out now? */
  allow(): boolean
  success(): void
  failure(reason: FailureReason): void
  state(): 'closed' | 'open'
}

const TRANSPORT: ReadonlySet<FailureReason> = new Set(['timeout', 'connection', 'http_5xx', 'rate_limited'])

/**
 * @example const b = createBreaker(5, 30_000); if (b.allow()) { try { call(); b.success() } catch { b.failure('timeout') } }
 */
export function createBreaker(threshold: number, cooldownMs: number, now: () => number = () => performance.now()): Breaker {
  let failures = 0
  let openUntil = -Infinity
  return {
    allow: () => now() >= openUntil,
    success() {
      failures = 0
      openUntil = -Infinity
    },
    failure(reason) {
      if (!TRANSPORT.has(reason)) return
      failures++
      if (failures >= threshold) {
        openUntil = now() + cooldownMs
        failures = threshold - 1 // after the cooldown, one more failure re-opens at once
      }
    },
    state: () => (now() < openUntil ? 'open' : 'closed'),
  }
}
