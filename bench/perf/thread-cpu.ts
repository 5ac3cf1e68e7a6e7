/**
 * CPU time of a running process by thread group, read from
 * /proc/<pid>/task/<tid>/stat (utime + stime): the main thread, Bun workers,
 * JavaScriptCore's JIT compiler threads, its GC helpers, and the rest. With
 * a request count it gives CPU per request, which says where the time goes
 * and drifts less with this VM's speed than req/s does. Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs'

export type ThreadGroup = 'main' | 'workers' | 'jit' | 'gc' | 'other'

const TICKS_PER_SEC = Number(Bun.spawnSync(['getconf', 'CLK_TCK']).stdout.toString().trim()) || 100

function groupOf(pid: number, tid: number, comm: string): ThreadGroup {
  if (tid === pid) return 'main'
  if (/JIT/i.test(comm)) return 'jit'
  if (/Worker/.test(comm)) return 'workers'
  if (/Heap|GC|Collector/i.test(comm)) return 'gc'
  return 'other'
}

/** CPU seconds so far per thread group (threads that ended are not counted). */
export function threadCpu(pid: number): Record<ThreadGroup, number> {
  const out: Record<ThreadGroup, number> = { main: 0, workers: 0, jit: 0, gc: 0, other: 0 }
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      // comm may hold spaces and parentheses: fields after the last ')' are positional.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out[groupOf(pid, tid, comm)] += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out
}

/** Microseconds of CPU per request in each group between two readings. */
export function cpuPerRequest(
  before: Record<ThreadGroup, number>,
  after: Record<ThreadGroup, number>,
  requests: number,
): Record<ThreadGroup | 'total', number> {
  // A thread that ended in between (JSC retires idle JIT threads) takes its time with it: never below 0.
  const per = (g: ThreadGroup) => (Math.max(0, after[g] - before[g]) * 1e6) / requests
  const out = { main: per('main'), workers: per('workers'), jit: per('jit'), gc: per('gc'), other: per('other'), total: 0 }
  out.total = out.main + out.workers + out.jit + out.gc + out.other
  return out
}
