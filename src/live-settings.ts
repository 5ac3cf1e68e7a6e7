/**
 * LiveSettings: the pipeline settings requests run with right now (gap_sec,
 * max_hop, rca_method among them). They start from the configuration
 * (settings.ts triageOptions) and change only when an operator promotes a
 * shadow candidate; each request reads them once
 * at its start, like the graph snapshot, so a change never splits a request.
 * /version's pipeline_config shows them, so what it says is what answers.
 */
import type { RcaMethod, TriageOptions } from './settings.ts'

export type PipelineSettings = Readonly<TriageOptions>

/** The settings as the contract spells them (/version, the shadow report). */
export function settingsJson(s: Pick<PipelineSettings, 'gapSec' | 'maxHop' | 'method'>): { gap_sec: number; max_hop: number; rca_method: RcaMethod } {
  return { gap_sec: s.gapSec, max_hop: s.maxHop, rca_method: s.method }
}

export class LiveSettings {
  private live: PipelineSettings

  constructor(initial: PipelineSettings) {
    this.live = Object.freeze({ ...initial })
  }

  /** One immutable object: a caller that keeps it keeps a consistent set. */
  get current(): PipelineSettings {
    return this.live
  }

  /** Replaces the settings named in `patch`; the rest stay. */
  update(patch: Partial<PipelineSettings>): PipelineSettings {
    this.live = Object.freeze({ ...this.live, ...patch })
    return this.live
  }
}
