import { describe, expect, it } from 'bun:test'
import { outcomeFrame, readOutcome, readTask, taskFrame } from '../../src/workers/frames.ts'

describe('pool frames', () => {
  it("carries a task's text as it is, newlines included", () => {
    expect(readTask(taskFrame(7, 'a\nb {"x":1}'))).toEqual({ id: 7, text: 'a\nb {"x":1}' })
    expect(readTask('S\nstate')).toBeUndefined()
  })

  it('reads each kind of outcome back', () => {
    for (const o of [
      { id: 1, kind: 'ok', text: '3 {}\n{"a":1}' },
      { id: 2, kind: 'declined' },
      { id: 3, kind: 'error', text: 'boom' },
    ] as const) {
      expect(readOutcome(outcomeFrame(o))).toEqual(o)
    }
    expect(readOutcome('junk')).toBeUndefined()
  })
})
