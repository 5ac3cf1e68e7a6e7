import { describe, expect, test } from 'bun:test'
import { decodeReply, decodeRequestTask, encodeReportReply, encodeRequestTask, isRequestTask } from '../../src/rca/message-frames.ts'

const job = { options: { gapSec: 120, maxHop: 2, method: 'explain' as const }, method: 'graph-only-flag-off', maxAlerts: 5000 }

describe('request frames', () => {
  test('a task round-trips, body intact even with newlines, spaces and frame markers in it', () => {
    const body = '{"alerts":[\n {"id":"R 1 v1 {}","labels":{"x":"P 2\\n"}}\n]}\n'
    const frame = encodeRequestTask(42, 'v7', JSON.stringify(job), body)
    expect(isRequestTask(frame)).toBe(true)
    expect(decodeRequestTask(frame)).toEqual({ type: 'request', id: 42, key: 'v7', body, job })
  })

  test('JSON messages and objects are not request frames', () => {
    expect(isRequestTask(JSON.stringify({ type: 'task', id: 1 }))).toBe(false)
    expect(isRequestTask({ type: 'begin' })).toBe(false)
  })

  test('a job that changes between tasks is read afresh', () => {
    const other = { ...job, maxAlerts: 10 }
    expect(decodeRequestTask(encodeRequestTask(1, 'v1', JSON.stringify(job), '{}')).job.maxAlerts).toBe(5000)
    expect(decodeRequestTask(encodeRequestTask(2, 'v1', JSON.stringify(other), '{}')).job.maxAlerts).toBe(10)
  })

  test('a truncated frame is refused, not misread', () => {
    expect(() => decodeRequestTask('R 1 v1')).toThrow('malformed')
  })
})

describe('reply frames', () => {
  test('a report round-trips with its phases and cluster count', () => {
    const report = { json: '{"clusters":[{"x":"a\\nb"}]}\nP 9', phasesMs: { parse: 0.05, rca: 0.125 }, clusters: 3 }
    expect(decodeReply(encodeReportReply(9, report))).toEqual({ id: 9, result: report })
  })

  test('a declined request comes back as a null result', () => {
    expect(decodeReply(encodeReportReply(5, null))).toEqual({ id: 5, result: null })
  })

  test('other replies are JSON text', () => {
    expect(decodeReply(JSON.stringify({ id: 3, error: 'boom' }))).toEqual({ id: 3, error: 'boom' })
    expect(decodeReply(JSON.stringify({ id: 4, result: [] }))).toEqual({ id: 4, result: [] })
  })
})
