/**
 * Starts the real aiops-serve (`bun src/main.ts`) as a child process for one topology,
 * waits for GET /readyz to answer 200, and stops it again. Keeps the tail of the child's
 * output so a failed start can be explained in one screen instead of silently timing out.
 */
import type { Subprocess } from 'bun'

export interface ServerOptions {
  projectRoot: string
  graphPath: string
  historyPath: string
  method: string | null
  readyTimeoutMs: number
}

export interface RunningServer {
  url: string
  stop(): Promise<void>
  /** Last few KB of the child's stdout+stderr. */
  logTail(): string
}

const LOG_TAIL_BYTES = 16_384

/** A currently free TCP port on 127.0.0.1 (bind port 0, read it, release it). */
export function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') })
  const port = probe.port
  probe.stop(true)
  if (port === undefined) throw new Error('could not obtain a free port')
  return port
}

async function drain(stream: ReadableStream<Uint8Array>, sink: (s: string) => void): Promise<void> {
  const decoder = new TextDecoder()
  for await (const chunk of stream) sink(decoder.decode(chunk, { stream: true }))
}

/**
 * Poll `${url}/readyz` until it answers 200 or the deadline passes.
 * `alive` lets the caller abort early when the process has already exited.
 */
export async function waitReady(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (!alive()) return false
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      await res.arrayBuffer()
      if (res.status === 200) return true
    } catch {
      // Not listening yet; keep polling.
    }
    await Bun.sleep(100)
  }
  return false
}

async function terminate(proc: Subprocess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
  proc.kill('SIGTERM')
  const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(5000).then(() => false)])
  // A server that ignores SIGTERM must not outlive the evaluation.
  if (!exited) proc.kill('SIGKILL')
  await proc.exited
}

/** Spawn the server and wait until ready; throws with the log tail if it never gets there. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const port = freePort()
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    AIOPS_GRAPH_PATH: opts.graphPath,
    AIOPS_HISTORY_PATH: opts.historyPath,
    AIOPS_USE_LLM: 'false',
    // No incident store: its learned history would make a run depend on what earlier runs kept.
    AIOPS_STORE: 'off',
  }
  if (opts.method !== null) env.AIOPS_RCA_METHOD = opts.method
  const proc = Bun.spawn([process.execPath, 'src/main.ts'], {
    cwd: opts.projectRoot,
    env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  let log = ''
  const sink = (s: string) => {
    log = (log + s).slice(-LOG_TAIL_BYTES)
  }
  void drain(proc.stdout, sink).catch(() => {})
  void drain(proc.stderr, sink).catch(() => {})

  const url = `http://127.0.0.1:${port}`
  const server: RunningServer = { url, stop: () => terminate(proc), logTail: () => log }
  const ready = await waitReady(url, opts.readyTimeoutMs, () => proc.exitCode === null && proc.signalCode === null)
  if (!ready) {
    const exitedEarly = proc.exitCode !== null || proc.signalCode !== null
    await terminate(proc)
    const why = exitedEarly ? `exited (code ${proc.exitCode ?? proc.signalCode})` : `not ready within ${opts.readyTimeoutMs} ms`
    throw new Error(`server for ${opts.graphPath} ${why}\n--- server output (tail) ---\n${log.trimEnd()}`)
  }
  return server
}
