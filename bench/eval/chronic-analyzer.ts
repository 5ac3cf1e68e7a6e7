/**
 * The replay's hook for the chronic-alert baseline (domain/chronic-baseline.ts):
 * triage with the baseline's discount, then feed it the batch, so the baseline
 * learns from the stream of batches this process answers, in the order it
 * answers them. A batch is observed after it is ranked, so its own alerts
 * never look chronic to itself. The replay's in-process form
 * (bench/eval/chronic-replay.ts); the server's is chronic-service.ts, which
 * learns from the answers' alert sources and ships its table to the workers.
 * @example const answer = chronicTriage(new ChronicBaseline()); answer({ alerts, snapshot, options, method })
 */
import type { ChronicBaseline } from '../../src/domain/chronic-baseline.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { triage, type TriageInput, type TriageResult } from '../../src/incident/triage.ts'

export function chronicTriage(baseline: ChronicBaseline): (input: TriageInput) => TriageResult {
  return (input) => {
    const result = triage({ ...input, chronic: baseline })
    baseline.observeBatch(normalizeAlerts(input.alerts))
    return result
  }
}
