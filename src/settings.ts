/**
 * Settings derived from the config, in one place: whether the LLM layer is
 * on (and why not), the report's `method` when only the graph answered, and
 * the pipeline's options. Pure functions of a Config; the routes, the LLM
 * layer, the worker offload and the warm-up all read them from here.
 */
import type { Config } from './config.ts'

export type RcaMethod = 'explain' | 'pagerank'

/** What the pipeline needs from the config (src/incident/triage.ts). */
export interface TriageOptions {
  method: RcaMethod
  gapSec: number
  maxHop: number
}

export interface LlmSetup {
  enabled: boolean
  model: string
  reason: 'configured' | 'flag-off' | 'no-key'
}

export function llmSetup(config: Config): LlmSetup {
  if (!config.AIOPS_USE_LLM) return { enabled: false, model: config.AIOPS_LLM_MODEL, reason: 'flag-off' }
  if (!config.OPENAI_API_KEY) return { enabled: false, model: config.AIOPS_LLM_MODEL, reason: 'no-key' }
  return { enabled: true, model: config.AIOPS_LLM_MODEL, reason: 'configured' }
}

/** Which path answered, when only the graph did (the LLM layer refines this). */
export function graphMethod(config: Config): string {
  const llm = llmSetup(config)
  if (!llm.enabled) return llm.reason === 'flag-off' ? 'graph-only-flag-off' : 'graph-only-no-key'
  return `graph-${config.AIOPS_RCA_METHOD}`
}

export function triageOptions(config: Config): TriageOptions {
  return { gapSec: config.AIOPS_GAP_SEC, maxHop: config.AIOPS_MAX_HOP, method: config.AIOPS_RCA_METHOD }
}

/** The pipeline settings a kept incident records (src/store), in the contract's snake case. */
export function storedSettings(config: Config): { gap_sec: number; max_hop: number; rca_method: string } {
  return { gap_sec: config.AIOPS_GAP_SEC, max_hop: config.AIOPS_MAX_HOP, rca_method: config.AIOPS_RCA_METHOD }
}
