/**
 * A bare Bun.serve for bench/experiments/rss-baseline.ts: parses a POST body and answers
 * a report-sized JSON built from it, on the main thread. Nothing of
 * aiops-serve: what Bun's own HTTP path and heap do under the same load.
 */
import { reportLike } from './report-like.ts'

Bun.serve({
  port: Number(process.env.PORT),
  hostname: process.env.HOST ?? '127.0.0.1',
  async fetch(req) {
    if (new URL(req.url).pathname === '/readyz') return new Response('ok')
    return new Response(reportLike(await req.text()), { headers: { 'content-type': 'application/json' } })
  },
})
