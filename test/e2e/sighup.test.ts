/**
 * SIGHUP and the reload timer in a real process (`bun src/main.ts`, port 0):
 * a changed graph file goes live on SIGHUP, a broken one is logged and the
 * old version keeps serving, and SIGHUP never stops the process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { resolve } from 'node:path'
import { servicesDoc, tempDataDir } from '../fixtures/graph-docs.ts'

const MAIN = resolve(import.meta.dir, '../../src/main.ts')

/** Reads JSON log lines from the process's stdout as they arrive. */
function logLines(stream: ReadableStream<Uint8Array>) {
  const lines: Array<Record<string, unknown>> = []
  void (async () => {
    let buf = ''
    for await (const chunk of stream) {
      buf += new TextDecoder().decode(chunk)
      let i: number
      while ((i = buf.indexOf('\n')) >= 0) {
        try {
          lines.push(JSON.parse(buf.slice(0, i)))
        } catch {
          // not a log line
        }
        buf = buf.slice(i + 1)
      }
    }
  })()
  return lines
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const v = await probe()
    if (v !== undefined) return v
    await Bun.sleep(20)
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('SIGHUP', () => {
  let proc: ReturnType<typeof Bun.spawn>
  let base: string
  let dir: Awaited<ReturnType<typeof tempDataDir>>
  let stdout: Array<Record<string, unknown>>
  let stderr: Array<Record<string, unknown>>

  beforeAll(async () => {
    dir = await tempDataDir(servicesDoc('g-start'))
    proc = Bun.spawn([process.execPath, MAIN], {
      cwd: dir.dir,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', AIOPS_USE_LLM: 'false', AIOPS_GRAPH_PATH: dir.graphPath, AIOPS_HISTORY_PATH: dir.historyPath, AIOPS_GRAPH_RELOAD_SEC: '0' },
      stdout: 'pipe',
      stderr: 'pipe',
    })
    stdout = logLines(proc.stdout as ReadableStream<Uint8Array>)
    stderr = logLines(proc.stderr as ReadableStream<Uint8Array>)
    const listening = await until('the listening line', () => stdout.find((l) => l.msg === 'listening'))
    base = `http://127.0.0.1:${listening.port}`
  })

  afterAll(async () => {
    proc?.kill('SIGTERM')
    await proc?.exited
    await dir?.cleanup()
  })

  const liveVersion = async () => ((await (await fetch(`${base}/version`)).json()) as { graph_version: string }).graph_version

  it('swaps in the changed graph file at once', async () => {
    expect(await liveVersion()).toBe('g-start')
    await dir.writeGraph(servicesDoc('g-hup', ['search']))
    proc.kill('SIGHUP')
    await until('g-hup to go live', async () => ((await liveVersion()) === 'g-hup' ? true : undefined))
    expect(stdout.some((l) => l.msg === 'graph reloaded' && l.trigger === 'SIGHUP')).toBe(true)
  })

  it('logs a broken file and keeps serving the old version', async () => {
    await dir.writeGraph('{"services": [')
    proc.kill('SIGHUP')
    const line = await until('the failure log line', () => stderr.find((l) => l.msg === 'graph reload failed; the previous version keeps serving'))
    expect(String(line.error)).toContain('not valid JSON')
    expect(await liveVersion()).toBe('g-hup')
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('aiops_graph_last_reload_successful 0')
    expect(proc.exitCode).toBeNull()
  })
})
