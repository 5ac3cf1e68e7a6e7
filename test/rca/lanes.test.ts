import { afterAll, describe, expect, it } from 'bun:test'
import { createLanes } from '../../src/rca/lanes.ts'
import { encodeRequestTask } from '../../src/rca/message-frames.ts'
import { alert, makeDeps } from '../support/helpers.ts'

const lanes = createLanes({ size: 1, url: new URL('../../src/rca/rca.worker.ts', import.meta.url), taskTimeoutMs: 5000 })
afterAll(() => lanes.terminate())

describe('rca/lanes', () => {
  it('counts in a backlog only what the worker has not finished, not replies this thread has yet to read', async () => {
    const snapshot = makeDeps().store.current!
    const lane = lanes.list[0]!
    const job = JSON.stringify({ options: { gapSec: 120, maxHop: 2, method: 'explain' }, method: 'graph-only-flag-off', maxAlerts: 100 })
    const body = JSON.stringify({ alerts: [alert('payment-db', 'cpu_util', 0), alert('payment', 'latency_p99_ms', 20)] })
    const task = (id: number, key: string) => encodeRequestTask(id, key, job, body)
    const answers = [lanes.run(lane, snapshot, 7, task, () => undefined), lanes.run(lane, snapshot, 5, task, () => undefined)]
    expect(lanes.backlog(lane)).toBe(12)
    // Spin without yielding, as a busy main thread does: the replies arrive but cannot be read.
    const deadline = Date.now() + 5000
    while (lanes.unfinished(lane) > 0 && Date.now() < deadline);
    expect(lanes.unfinished(lane)).toBe(0)
    expect(lanes.backlog(lane)).toBe(0)
    for (const a of await Promise.all(answers)) expect(a).toBeTruthy()
    expect(lanes.backlog(lane)).toBe(0)
  })
})
