/**
 * Splitting one batch's time segments between the main thread and the
 * workers: longest-processing-time-first greedy (Graham's LPT), the classic
 * bound-4/3 heuristic for parallel machines. A segment's cost is its number
 * of sources (what correlating and ranking it grows with); a segment shipped
 * to a worker also costs the main thread a fraction of that to serialise and
 * to read the result back, and costs the worker more to parse. Pure.
 */

export interface PlanOptions {
  /** Main-thread cost of shipping a segment, as a fraction of analysing it. */
  sendCost: number
  /** Worker-side cost of a segment, relative to analysing it on the main thread. */
  workerCost: number
}

// Measured on the 1000-service multi-cluster batch (SUBMIT.md (issue 6)):
// encoding its segments took 2.8 ms and parsing them 3.1 ms, against ~13 ms of work.
export const PLAN_DEFAULTS: PlanOptions = { sendCost: 0.2, workerCost: 1.25 }

/**
 * Lane per segment: 0 is the main thread, 1..n are workers whose current
 * backlog (same cost units) is `workerLoads[i - 1]`.
 * @example planLanes([100, 90, 10], [0]) // [1, 0, 0]
 */
export function planLanes(costs: readonly number[], workerLoads: readonly number[], options: PlanOptions = PLAN_DEFAULTS): number[] {
  const loads = [0, ...workerLoads]
  const lanes = new Array<number>(costs.length).fill(0)
  const order = costs.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b)
  for (const i of order) {
    const c = costs[i]!
    let best = 0
    let bestFinish = loads[0]! + c
    for (let w = 1; w < loads.length; w++) {
      // Shipping work also delays the main thread, so count it where it lands.
      const finish = Math.max(loads[w]! + c * options.workerCost, loads[0]! + c * options.sendCost)
      if (finish < bestFinish) {
        best = w
        bestFinish = finish
      }
    }
    lanes[i] = best
    if (best === 0) loads[0]! += c
    else {
      loads[best]! += c * options.workerCost
      loads[0]! += c * options.sendCost
    }
  }
  return lanes
}
