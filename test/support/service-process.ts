/**
 * The service as a real process (`bun src/main.ts`) on a free loopback port,
 * from a temp working directory, with the environment the test gives; for
 * tests of what only several processes show (replicas sharing a store).
 */
import type { Subprocess } from 'bun'
import { resolve } from 'node:path'
import { freePort, tempDir, waitHttpOk } from './processes.ts'

const MAIN = resolve(import.meta.dir, '../../src/main.ts')

export interface ServiceProcess {
  url: string
  proc: Subprocess
  stop(): Promise<void>
}

export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = freePort()
  const proc = Bun.spawn([process.execPath, MAIN], {
    cwd: tempDir('aiops-svc-'),
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', AIOPS_USE_LLM: 'false', AIOPS_LOG_LEVEL: 'warn', ...env },
    stdout: 'ignore',
    stderr: 'pipe',
  })
  const url = `http://127.0.0.1:${port}`
  try {
    await waitHttpOk(`${url}/readyz`, 20_000)
  } catch (e) {
    proc.kill()
    throw new Error(`service did not start: ${await new Response(proc.stderr as ReadableStream).text()}`, { cause: e })
  }
  return {
    url,
    proc,
    async stop() {
      proc.kill('SIGTERM')
      await proc.exited
    },
  }
}
