/**
 * Splitting one batch's time segments between the main thread and the
 * workers: longest-processing-time-first greedy (Graham's LPT), the classic
 * bound-4/3 heuristic for parallel machines. A segment's cost is its number
 * of sources (what correlating and ranking it grows with); a segment shipped
 * to a worker also costs the main thread a fraction of that to serialise and
 * to read the result back, and costs the worker more to parse. Pure.
 */

export interface PlanOptions {
  /** Work the main thread has before it can start its share, as a fraction of the total. */
  mainLead?: number
  /** Main-thread cost of shipping a segment, as a fraction of analysing it. */
  sendCost: number
  /** Worker-side cost of a segment, relative to analysing it on the main thread. */
  workerCost: number
}

// Measured on the 1000-service multi-cluster batch (SUBMIT.md (issue 6)):
// encoding its segments took 2.8 ms and parsing them 3.1 ms, against ~13 ms of work.
export const PLAN_DEFAULTS: PlanOptions = { sendCost: 0.2, workerCost: 1.25 }

/**
 * A head start (pool.ts): the worker parsed the body itself, so its share
 * costs what it costs here and is sent as a list of indexes; it also starts
 * first, while the main thread still validates the body (check + depth cap,
 * ~1.2 ms of a 4000-alert batch) and plans: a trace of the benchmark batch
 * had the worker ready 3 ms of ~16 ms of work before the main thread.
 * Both sides plan with it (headStartShares), so they agree.
 */
const HEAD_START_PLAN: PlanOptions = { sendCost: 0, workerCost: 1.05, mainLead: 0.15 }

/**
 * Lane per segment: 0 is the main thread, 1..n are workers whose current
 * backlog (same cost units) is `workerLoads[i - 1]`.
 * @example planLanes([100, 90, 10], [0]) // [1, 0, 0]
 */
export function planLanes(costs: readonly number[], workerLoads: readonly number[], options: PlanOptions = PLAN_DEFAULTS): number[] {
  const loads = [(options.mainLead ?? 0) * costs.reduce((a, b) => a + b, 0), ...workerLoads]
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

/**
 * A head start's split, computed the same way on both sides: the main thread
 * to tell each worker its indexes, each worker to start on its share before
 * they arrive. Same segment sizes and number of workers, same answer.
 * @returns per lane (0 = main thread, 1..workers) the indexes of its segments, ascending
 * @example headStartShares([[a, b], [c]], 1) // [[1], [0]]
 */
export function headStartShares(segments: ReadonlyArray<readonly unknown[]>, workers: number): number[][] {
  const plan = planLanes(
    segments.map((seg) => seg.length),
    new Array<number>(workers).fill(0),
    HEAD_START_PLAN,
  )
  const shares = Array.from({ length: workers + 1 }, (): number[] => [])
  plan.forEach((lane, i) => shares[lane]!.push(i))
  return shares
}
