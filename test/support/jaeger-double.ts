/**
 * A Jaeger query service double: a loopback HTTP server answering
 * GET /api/dependencies with Jaeger's documented JSON
 * ({"data":[{"parent","child","callCount"}]}). `deps` sets the edges it
 * reports next; `respond` makes it answer anything else (slow, broken).
 */
export type Dep = { parent: string; child: string; callCount: number }

export function jaegerDouble() {
  const requests: URL[] = []
  let answer: () => Response | Promise<Response> = () => Response.json({ data: [] })
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(req) {
      const url = new URL(req.url)
      requests.push(url)
      if (url.pathname !== '/api/dependencies') return new Response('not found', { status: 404 })
      return answer()
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    deps(d: Dep[]) {
      answer = () => Response.json({ data: d, total: d.length, limit: 0, offset: 0, errors: null })
    },
    respond(f: () => Response | Promise<Response>) {
      answer = f
    },
    stop: () => server.stop(true),
  }
}
