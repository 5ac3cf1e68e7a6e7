/**
 * The shell's hook for the chronic-alert baseline (domain/chronic-baseline.ts):
 * a SegmentAnalyzer that ranks every segment with the baseline's discount and
 * then feeds it the batch, so the baseline learns from the stream of batches
 * this process analyses, in the order it analyses them. A batch is observed
 * after it is ranked, so its own alerts never look chronic to itself. One
 * baseline per process; persist it with export()/import().
 * @example createReportResponder({ ...deps, analyzer: chronicAnalyzer(new ChronicBaseline()) })
 */
import type { ChronicBaseline } from '../domain/chronic-baseline.ts'
import { analyzeSegment } from './analyze.ts'
import type { SegmentAnalyzer } from './triage.ts'

export function chronicAnalyzer(baseline: ChronicBaseline): SegmentAnalyzer {
  return async (segments, alerts, snapshot, options) => {
    const out = segments.flatMap((s) => analyzeSegment(s, alerts, snapshot.graph, snapshot.history, options, baseline))
    baseline.observeBatch(alerts)
    return out
  }
}
