/**
 * A bare Bun.serve for bench/experiments/rss-baseline.ts that hands each body to one
 * worker as framed text and answers with the text it posts back: the shape of
 * aiops-serve's whole-request offload, with nothing else of it.
 */
const worker = new Worker(new URL('./offload.worker.ts', import.meta.url).href)
const waiting = new Map<number, (text: string) => void>()
let nextId = 0
worker.onmessage = (e: MessageEvent<string>) => {
  const cut = e.data.indexOf('\n')
  const id = Number(e.data.slice(0, cut))
  waiting.get(id)?.(e.data.slice(cut + 1))
  waiting.delete(id)
}

Bun.serve({
  port: Number(process.env.PORT),
  hostname: process.env.HOST ?? '127.0.0.1',
  async fetch(req) {
    if (new URL(req.url).pathname === '/readyz') return new Response('ok')
    const body = await req.text()
    const id = ++nextId
    const text = await new Promise<string>((resolve) => {
      waiting.set(id, resolve)
      worker.postMessage(`${id}\n${body}`)
    })
    return new Response(text, { headers: { 'content-type': 'application/json' } })
  },
})
