import { describe, expect, it } from 'bun:test'
import { planLanes } from '../../src/rca/plan.ts'

const FREE = { sendCost: 0, workerCost: 1 }

describe('rca/plan', () => {
  for (const c of [
    // two equal clusters, one worker, free shipping: one each (ties stay on the main thread)
    { name: 'splits two equal clusters', costs: [10, 10], loads: [0], o: FREE, want: [0, 1] },
    // the biggest goes first (LPT) to the main thread, the two small ones balance it
    { name: 'balances the largest against the rest', costs: [5, 10, 5], loads: [0], o: FREE, want: [1, 0, 1] },
    // a worker busy with another request's backlog gets nothing
    { name: 'avoids a worker with a long backlog', costs: [10, 10], loads: [100], o: FREE, want: [0, 0] },
    // shipping a cluster that costs more than analysing it keeps everything inline
    { name: 'keeps work inline when shipping costs more than it saves', costs: [10, 10], loads: [0], o: { sendCost: 1, workerCost: 1 }, want: [0, 0] },
    // two workers and the main thread share three equal clusters
    { name: 'uses every lane', costs: [7, 7, 7], loads: [0, 0], o: FREE, want: [0, 1, 2] },
  ]) {
    it(c.name, () => {
      expect(planLanes(c.costs, c.loads, c.o)).toEqual(c.want)
    })
  }

  it('sends part of a typical batch to the worker with the default costs', () => {
    expect(planLanes([187, 205, 160, 105, 86, 72], [0])).toContain(1)
  })
})
