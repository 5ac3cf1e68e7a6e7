/**
 * Settings derived from the config, in one place: whether the LLM layer is
 * on (and why not), the report's `method` when only the graph answered, and
 * the pipeline's options. Pure functions of a Config; the routes, the LLM
 * layer, the worker offload and the warm-up all read them from here.
 */
import type { Config } from './config.ts'
import { parseEdgeLabels, type EdgeLabelOptions } from './domain/edge-labels.ts'

export type RcaMethod = 'explain' | 'pagerank'

/** What the pipeline needs from the config (src/incident/triage.ts). */
export interface TriageOptions {
  method: RcaMethod
  gapSec: number
  maxHop: number
  /** Which labels make an alert an edge alert; absent = the contract's list. */
  edgeLabels?: EdgeLabelOptions
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

/** Which path answered, when only the graph did (the LLM layer refines this); `method` is the live one (a promotion changes it). */
export function graphMethod(config: Config, method: RcaMethod = config.AIOPS_RCA_METHOD): string {
  const llm = llmSetup(config)
  if (!llm.enabled) return llm.reason === 'flag-off' ? 'graph-only-flag-off' : 'graph-only-no-key'
  return `graph-${method}`
}

export function triageOptions(config: Config): TriageOptions {
  return { gapSec: config.AIOPS_GAP_SEC, maxHop: config.AIOPS_MAX_HOP, method: config.AIOPS_RCA_METHOD, edgeLabels: parseEdgeLabels(config.AIOPS_EDGE_LABELS) }
}
