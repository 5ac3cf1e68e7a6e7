import { describe, expect, it } from 'bun:test'
import { attachOrphans } from '../../src/domain/orphans.ts'
import { collapseSources, type Source } from '../../src/domain/sources.ts'
import { alert, graphOf, normalized } from '../support/helpers.ts'

const graph = graphOf(['web>api', 'api>db'])
const sourcesOf = (...alerts: Parameters<typeof alert>[]) => collapseSources(normalized(alerts.map((a) => alert(...a))))
const names = (groups: Source[][]) => groups.map((g) => g.map((s) => `${s.service}/${s.metric}`).join(','))

describe('attachOrphans', () => {
  it('joins a caller-like orphan group to the in-graph group whose window holds its onset, leaving the input arrays as they were', () => {
    const incident = sourcesOf(['db', 'cpu_util', 0], ['api', 'latency_p99_ms', 30])
    const orphan = sourcesOf(['new-caller', 'latency_p99_ms', 40], ['new-caller', 'error_rate', 45])
    const input = [incident, orphan]
    const out = attachOrphans(input, graph, 120_000)
    expect(names(out)).toEqual(['db/cpu_util,api/latency_p99_ms,new-caller/latency_p99_ms,new-caller/error_rate'])
    expect(names(input)).toEqual(['db/cpu_util,api/latency_p99_ms', 'new-caller/latency_p99_ms,new-caller/error_rate'])
  })

  it('keeps an orphan group that does not look like a caller on its own, and in-graph groups as they are', () => {
    const a = sourcesOf(['db', 'cpu_util', 0])
    const b = sourcesOf(['web', 'latency_p99_ms', 900])
    const lone = sourcesOf(['batch-job', 'cpu_util', 10])
    const out = attachOrphans([a, lone, b], graph, 120_000)
    expect(names(out)).toEqual(['db/cpu_util', 'web/latency_p99_ms', 'batch-job/cpu_util'])
    expect(out[0]).toEqual(a)
  })
})
