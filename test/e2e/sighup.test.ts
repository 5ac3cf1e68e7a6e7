/**
 * SIGHUP and the reload timer in a real process (`bun src/main.ts`, port 0):
 * a changed graph file goes live on SIGHUP and on the timer, a broken one is
 * logged and the old version keeps serving, and SIGHUP never stops the
 * process (Bun's default for it is to exit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import type { Subprocess } from 'bun'
import { resolve } from 'node:path'
import { servicesDoc, tempDataDir } from '../support/fixtures/graph-docs.ts'

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

/** `bun src/main.ts` on port 0 with `env`; resolves once it logged its port. */
async function startServer(cwd: string, env: Record<string, string>) {
  const proc = Bun.spawn([process.execPath, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', AIOPS_USE_LLM: 'false', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const stdout = logLines(proc.stdout as ReadableStream<Uint8Array>)
  const stderr = logLines(proc.stderr as ReadableStream<Uint8Array>)
  const listening = await until('the listening line', () => stdout.find((l) => l.msg === 'listening'))
  const base = `http://127.0.0.1:${listening.port}`
  const liveVersion = async () => ((await (await fetch(`${base}/version`)).json()) as { graph_version: string }).graph_version
  return { proc, stdout, stderr, base, liveVersion }
}

describe('SIGHUP', () => {
  let dir: Awaited<ReturnType<typeof tempDataDir>>
  let proc: Subprocess
  let stdout: Array<Record<string, unknown>>
  let stderr: Array<Record<string, unknown>>
  let base: string
  let liveVersion: () => Promise<string>

  beforeAll(async () => {
    dir = await tempDataDir(servicesDoc('g-start'))
    ;({ proc, stdout, stderr, base, liveVersion } = await startServer(dir.dir, {
      AIOPS_GRAPH_PATH: dir.graphPath,
      AIOPS_HISTORY_PATH: dir.historyPath,
      AIOPS_GRAPH_RELOAD_SEC: '0',
    }))
  })

  afterAll(async () => {
    proc?.kill('SIGTERM')
    await proc?.exited
    await dir?.cleanup()
  })

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

describe('AIOPS_GRAPH_RELOAD_SEC', () => {
  it('re-reads a changed graph file on its own', async () => {
    const dir = await tempDataDir(servicesDoc('g-start'))
    const { proc, liveVersion } = await startServer(dir.dir, { AIOPS_GRAPH_PATH: dir.graphPath, AIOPS_GRAPH_RELOAD_SEC: '1' })
    try {
      await dir.writeGraph(servicesDoc('g-timer'))
      await until('g-timer to go live', async () => ((await liveVersion()) === 'g-timer' ? true : undefined), 5000)
    } finally {
      proc.kill('SIGTERM')
      await proc.exited
      await dir.cleanup()
    }
  })
})

describe('SIGHUP with the embedded defaults', () => {
  it('logs that there is nothing to re-read and keeps running', async () => {
    const dir = await tempDataDir()
    const { proc, stdout, liveVersion } = await startServer(dir.dir, {})
    try {
      const before = await liveVersion()
      proc.kill('SIGHUP')
      await until('the nothing-to-reload line', () => stdout.find((l) => l.msg === 'SIGHUP: nothing to reload'))
      expect(await liveVersion()).toBe(before)
      expect(proc.exitCode).toBeNull()
    } finally {
      proc.kill('SIGTERM')
      await proc.exited
      await dir.cleanup()
    }
  })
})
