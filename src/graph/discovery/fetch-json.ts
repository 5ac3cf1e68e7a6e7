/**
 * GET a JSON answer from a discovery source with a deadline, and say plainly
 * why it failed: `down` (no connection), `timeout`, `http_error` (a status
 * that is neither success nor an API error with a JSON body) or `bad_answer`
 * (not JSON). A source's own API errors (Prometheus answers 400/422 with a
 * JSON error object) are returned as the body, for the caller to word.
 */
import { SourceFailure } from './observed.ts'

export async function fetchJson(url: string, o: { timeoutMs: number; source: string }): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(o.timeoutMs), headers: { accept: 'application/json' } })
  } catch (e) {
    const err = e as Error
    if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new SourceFailure('timeout', `${o.source}: no answer within ${o.timeoutMs} ms`)
    throw new SourceFailure('down', `${o.source}: ${err.message}`)
  }
  let text: string
  try {
    text = await res.text()
  } catch (e) {
    const err = e as Error
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
      throw new SourceFailure('timeout', `${o.source}: answer not complete within ${o.timeoutMs} ms`)
    throw new SourceFailure('down', `${o.source}: ${err.message}`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    if (!res.ok) throw new SourceFailure('http_error', `${o.source}: HTTP ${res.status}`)
    throw new SourceFailure('bad_answer', `${o.source}: answer is not JSON`)
  }
  if (!res.ok && res.status !== 400 && res.status !== 422) throw new SourceFailure('http_error', `${o.source}: HTTP ${res.status}`)
  return body
}
