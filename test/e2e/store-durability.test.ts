/**
 * An acknowledged feedback survives kill -9: the service (a real process on a
 * real SQLite file) answers a batch, takes an operator's feedback, is killed
 * with SIGKILL, and a new process on the same file still has the incident and
 * the feedback, and has learned it into its history.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir, waitFor } from '../support/processes.ts'
import { startService, type ServiceProcess } from '../support/service-process.ts'

const SAMPLE = join(import.meta.dir, '../../dataset/samples/cascade-20.json')
const dir = tempDir('aiops-durable-')
const started: ServiceProcess[] = []
afterAll(async () => {
  for (const s of started) if (s.proc.exitCode === null) await s.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('feedback durability', () => {
  it('an acknowledged feedback survives kill -9', async () => {
    const env = { AIOPS_STORE_PATH: join(dir, 'incidents.db'), AIOPS_RCA_WORKERS: '0' }
    const a = await startService(env)
    started.push(a)
    const answer = (await (await fetch(`${a.url}/incident`, { method: 'POST', body: await Bun.file(SAMPLE).text() })).json()) as { incident_id: string }
    const fb = await fetch(`${a.url}/incidents/${answer.incident_id}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ root_cause: 'payment', actions: ['Roll back payment'] }),
    })
    expect(fb.status).toBe(200)
    a.proc.kill('SIGKILL')
    await a.proc.exited

    const b = await startService(env)
    started.push(b)
    const kept = (await (await fetch(`${b.url}/incidents/${answer.incident_id}`)).json()) as { feedback?: { root_cause: string; actions: string[] } }
    expect(kept.feedback).toMatchObject({ root_cause: 'payment', actions: ['Roll back payment'] })
    // Learning at start runs beside the listener: wait for it.
    const store = await waitFor('the restart to learn the feedback', async () => {
      const ready = (await (await fetch(`${b.url}/readyz`)).json()) as { store: { kind: string; learned_incidents: number } }
      return ready.store.learned_incidents === 1 ? ready.store : undefined
    })
    expect(store.kind).toBe('sqlite')
  }, 60_000)
})
