/**
 * The HTTP side of one evaluation request: POST a scenario's alerts to /incident, time it on
 * the client, read the server's X-Response-Time-Ms, and parse the body. Never throws: a
 * transport failure becomes status 0 with an error message, which scores as a miss.
 */
import type { ScenarioAlert } from '../scenarios/scenario.ts'

export interface IncidentCall {
  status: number
  clientMs: number
  serverMs: number | null
  body: unknown
  error: string | null
}

const REQUEST_TIMEOUT_MS = 60_000

function headerMs(res: Response): number | null {
  const raw = res.headers.get('x-response-time-ms')
  if (raw === null) return null
  const ms = Number.parseFloat(raw)
  return Number.isFinite(ms) ? ms : null
}

/**
 * POST `{"alerts": alerts}` to `${baseUrl}/incident`.
 * @example await postIncident('http://127.0.0.1:8000', scenario.alerts)
 */
export async function postIncident(baseUrl: string, alerts: readonly ScenarioAlert[]): Promise<IncidentCall> {
  const payload = JSON.stringify({ alerts })
  const started = performance.now()
  try {
    const res = await fetch(`${baseUrl}/incident`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    const text = await res.text()
    // Client latency includes reading the body: that is what a caller waits for.
    const clientMs = performance.now() - started
    let body: unknown = null
    let error: string | null = res.status === 200 ? null : `HTTP ${res.status}: ${text.slice(0, 200)}`
    try {
      body = JSON.parse(text)
    } catch {
      error ??= 'response body is not JSON'
    }
    return { status: res.status, clientMs, serverMs: headerMs(res), body, error }
  } catch (e) {
    return { status: 0, clientMs: performance.now() - started, serverMs: null, body: null, error: (e as Error).message }
  }
}

/** GET a JSON document, or null on any failure (used for /version in the report header). */
export async function getJson(url: string): Promise<unknown> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
    return res.ok ? await res.json() : null
  } catch {
    return null
  }
}
