/**
 * A real OpenAI-compatible HTTP server on loopback (port 0) for tests and the
 * benchmark: POST /v1/chat/completions with programmable behaviour (good
 * answer, delay, hang, 500, 429, malformed JSON, a root outside the cluster),
 * counting calls and the most in flight at once. The app talks to it through
 * the real `openai` SDK, so timeouts, retries and parsing are the real ones.
 */
import type { Server } from 'bun'

export type FakeMode = 'good' | 'hang' | 'status500' | 'status429' | 'malformed' | 'outside'

export interface FakeAnswer {
  root_cause?: string
  confidence?: number
  rationale?: string
  actions?: string[]
}

export interface FakeLlm {
  /** Base URL to use as OPENAI_BASE_URL (ends in /v1). */
  readonly baseURL: string
  mode: FakeMode
  /** Delay before a good/malformed/outside answer. */
  delayMs: number
  /** Fields of a good answer; root_cause defaults to the prompt's top-ranked candidate. */
  answer: FakeAnswer
  readonly calls: number
  readonly maxInFlight: number
  /** JSON bodies of the requests received, oldest first. */
  readonly bodies: any[]
  reset(): void
  stop(): Promise<void>
}

function completion(content: string, model: string) {
  return Response.json({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_780_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  })
}

/** The first ranked candidate in the prompt ("1. payment-db (db) 0.61"). */
function topCandidate(body: any): string {
  const user: string = body?.messages?.find((m: any) => m.role === 'user')?.content ?? ''
  return /^1\. (\S+) /m.exec(user)?.[1] ?? 'unknown'
}

/** Start the fake; `stop()` it in afterAll. */
export function startFakeLlm(): FakeLlm {
  let calls = 0
  let inFlight = 0
  let maxInFlight = 0
  const bodies: any[] = []
  const state = { mode: 'good' as FakeMode, delayMs: 0, answer: {} as FakeAnswer }

  const server: Server<undefined> = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    idleTimeout: 0, // a hang must last until the client gives up, not until Bun's 10 s idle cut
    async fetch(req) {
      const url = new URL(req.url)
      if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') return new Response('not found', { status: 404 })
      calls++
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        const body = (await req.json()) as any
        bodies.push(body)
        const fast = { 'retry-after-ms': '1' } // keep SDK retries fast in tests
        switch (state.mode) {
          case 'hang':
            await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve()))
            return new Response(null, { status: 499 })
          case 'status500':
            return Response.json({ error: { message: 'boom', type: 'server_error' } }, { status: 500, headers: fast })
          case 'status429':
            return Response.json({ error: { message: 'slow down', type: 'rate_limit' } }, { status: 429, headers: fast })
        }
        if (state.delayMs > 0) await Bun.sleep(state.delayMs)
        if (state.mode === 'malformed') return completion('{"root_cause": "payment-db", "confidence": 0.9, oops', body.model)
        const root = state.mode === 'outside' ? 'mystery-service' : (state.answer.root_cause ?? topCandidate(body))
        const answer = {
          root_cause: root,
          confidence: state.answer.confidence ?? 0.8,
          rationale: state.answer.rationale ?? `${root} failed first and its callers alerted after it.`,
          actions: state.answer.actions ?? [`Inspect ${root}`],
        }
        return completion(JSON.stringify(answer), body.model)
      } finally {
        inFlight--
      }
    },
  })

  return {
    baseURL: `http://127.0.0.1:${server.port}/v1`,
    get mode() {
      return state.mode
    },
    set mode(m) {
      state.mode = m
    },
    get delayMs() {
      return state.delayMs
    },
    set delayMs(ms) {
      state.delayMs = ms
    },
    get answer() {
      return state.answer
    },
    set answer(a) {
      state.answer = a
    },
    get calls() {
      return calls
    },
    get maxInFlight() {
      return maxInFlight
    },
    bodies,
    reset() {
      calls = 0
      maxInFlight = 0
      bodies.length = 0
      Object.assign(state, { mode: 'good', delayMs: 0, answer: {} })
    },
    async stop() {
      await server.stop(true)
    },
  }
}
