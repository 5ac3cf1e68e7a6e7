/**
 * The answer frame a worker sends back (incident/offload.ts): clusters,
 * phases, the batch's alert sources when asked for, and the report text,
 * read back exactly, including a report whose text holds newlines.
 */
import { describe, expect, it } from 'bun:test'
import { decodeAnswer, encodeAnswer } from '../../src/incident/offload.ts'

describe('answer frame', () => {
  it.each([
    [{ clusters: 2, phasesMs: { parse: 0.1, rca: 1.5 }, json: '{"clusters":[]}' }], // no sources
    [{ clusters: 1, phasesMs: {}, json: '{"a":"line\\nbreak"}\n', sources: '[1,"db\\u0000cpu"]' }], // with sources
  ])('round-trips %p', (answer) => {
    expect(decodeAnswer(encodeAnswer(answer))).toEqual(answer)
  })

  it('refuses a frame without its lines', () => {
    expect(() => decodeAnswer('2 {}')).toThrow('malformed answer frame')
  })
})
