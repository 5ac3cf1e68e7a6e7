/**
 * The chronic baseline kept across restarts in the incident store: read at
 * start, written every `everyMs` and once more at shutdown. A store that is
 * down costs only the learning since the last save: a failed read starts the
 * baseline fresh (a fresh service answers as with no baseline), a failed
 * write is logged and retried at the next save.
 */
import type { ChronicState } from '../domain/chronic-baseline.ts'
import type { Logger } from '../logger.ts'
import type { ChronicService } from './chronic-service.ts'

/** The store's name for the baseline's document (store service_state). */
export const CHRONIC_STATE_NAME = 'chronic-baseline'

export interface StateStore {
  loadState(name: string): Promise<string | null>
  saveState(name: string, doc: string): Promise<void>
}

export interface ChronicPersistence {
  /** Reads the saved baseline into the service; false when there was none or it could not be read. */
  load(): Promise<boolean>
  save(): Promise<void>
  /** Saves every `everyMs` until stop(). */
  start(everyMs: number): void
  /** Stops the timer and saves once more. */
  stop(): Promise<void>
}

export function chronicPersistence(chronic: ChronicService, store: StateStore, logger: Logger): ChronicPersistence {
  let timer: ReturnType<typeof setInterval> | undefined
  // Whether the store's copy was read (or known absent): only then may a save replace it.
  let read = false
  const load = async (): Promise<boolean> => {
    try {
      const doc = await store.loadState(CHRONIC_STATE_NAME)
      read = true
      if (doc === null) return false
      const state = JSON.parse(doc) as ChronicState
      if (state?.version !== 1 || typeof state.counts !== 'object' || state.counts === null) {
        logger.warn('chronic baseline: saved state not understood; starting fresh')
        return false
      }
      chronic.import(state)
      return true
    } catch (e) {
      logger.warn('chronic baseline: cannot read the saved state; starting fresh', { error: (e as Error).message })
      return false
    }
  }
  const save = async () => {
    if (!read) await load()
    if (!read) return
    try {
      await store.saveState(CHRONIC_STATE_NAME, JSON.stringify(chronic.export()))
    } catch (e) {
      logger.warn('chronic baseline: save failed; retried at the next save', { error: (e as Error).message })
    }
  }
  return {
    load,
    save,
    start(everyMs) {
      timer = setInterval(() => void save(), everyMs)
      timer.unref?.()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await save()
    },
  }
}
