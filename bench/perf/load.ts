/**
 * Load from fetch, for the measurements wrk cannot make (per-response
 * server time and phases, a fixed number of requests): one timed POST
 * /incident, N of them in sequence, or N with C in flight.
 */

export interface TimedResponse {
  clientMs: number
  /** X-Response-Time-Ms. */
  serverMs: number
  /** The rca phase from Server-Timing (NaN when absent). */
  rcaMs: number
}

export async function postTimed(url: string, body: string): Promise<TimedResponse> {
  const t = performance.now()
  const res = await fetch(`${url}/incident`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`POST /incident answered ${res.status}`)
  const rca = /rca;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]
  return { clientMs: performance.now() - t, serverMs: Number(res.headers.get('x-response-time-ms')), rcaMs: Number(rca ?? NaN) }
}

/** `total` requests with `concurrency` in flight. */
export async function hammer(url: string, body: string, total: number, concurrency: number): Promise<void> {
  let sent = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) {
        sent++
        await postTimed(url, body)
      }
    }),
  )
}

/** `warmup` untimed requests, then `n` timed ones, one at a time. */
export async function sequential(url: string, body: string, n: number, warmup: number): Promise<TimedResponse[]> {
  for (let i = 0; i < warmup; i++) await postTimed(url, body)
  const rows = []
  for (let i = 0; i < n; i++) rows.push(await postTimed(url, body))
  return rows
}
