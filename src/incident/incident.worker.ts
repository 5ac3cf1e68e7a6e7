/**
 * Worker entry of the pool (src/workers/pool.ts): answers whole POST /incident
 * bodies with answer.ts, the same function the main thread runs (offload.ts
 * says what crosses). Input the main thread must refuse is declined; any
 * other exception goes back as an error, which the pool logs and counts.
 */
import { createSnapshot } from '../graph/store.ts'
import { DECLINED, serveTasks } from '../workers/serve.ts'
import { answerIncident, type AnswerContext } from './answer.ts'
import { isDeclined } from './errors.ts'
import { encodeAnswer, readTaskText, type SharedState } from './offload.ts'

declare const self: Worker

let held: { key: number; context: AnswerContext } | undefined

serveTasks(self, {
  onShared(text) {
    const s = JSON.parse(text) as SharedState
    held = {
      key: s.key,
      context: {
        snapshot: createSnapshot(s.snapshot),
        options: s.options,
        method: s.method,
        maxAlerts: s.maxAlerts,
        sources: s.sources,
        ...(s.chronic ? { chronic: s.chronic } : {}),
      },
    }
  },
  async onTask(text) {
    const { key, body } = readTaskText(text)
    // A graph version other than the request's: the main thread answers against its own.
    if (held?.key !== key) return DECLINED
    try {
      return encodeAnswer(await answerIncident(body, held.context))
    } catch (e) {
      if (isDeclined(e)) return DECLINED
      throw e
    }
  },
})
