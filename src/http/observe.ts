/**
 * Request timing and access log: every response (errors included) carries
 * X-Response-Time-Ms, and every request writes one JSON log line with
 * method, path, status and duration. The start time is keyed by the Request
 * object, so nothing leaks between concurrent requests.
 */
import { Elysia } from 'elysia'
import type { Logger } from '../logger.ts'

/** Milliseconds with three decimals, without toFixed (which costs ~1 µs a call on this hot path). */
export function formatMs(ms: number): string {
  return String(Math.round(ms * 1000) / 1000)
}

export function observe(logger: Logger, clock: () => number = () => performance.now()) {
  const started = new WeakMap<Request, number>()
  const elapsed = (req: Request) => {
    const t0 = started.get(req)
    return t0 === undefined ? 0 : clock() - t0
  }
  const stamp = ({ request, set }: { request: Request; set: { headers: Record<string, string | number> } }) => {
    set.headers['x-response-time-ms'] = formatMs(elapsed(request))
  }
  return new Elysia({ name: 'http/observe' })
    .onRequest(({ request }) => {
      started.set(request, clock())
    })
    .onAfterHandle({ as: 'global' }, stamp)
    .onError({ as: 'global' }, stamp)
    .onAfterResponse({ as: 'global' }, ({ request, set }) => {
      if (!logger.enabled('info')) return
      const status = typeof set.status === 'number' ? set.status : 200
      logger.info('request', {
        method: request.method,
        path: new URL(request.url).pathname,
        status,
        duration_ms: Math.round(elapsed(request) * 1000) / 1000,
      })
    })
}
