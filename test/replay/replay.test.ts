/**
 * `aiops-serve replay`: on the evaluation files it gives exactly the figures
 * `bun run eval` gives (the same scorer over the same pipeline, one in
 * process, the other over HTTP); with --store it scores the incidents
 * operators confirmed; bad arguments are a usage error.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseReplayArgs, ReplayUsageError } from '../../src/replay/replay-args.ts'
import { replayCommand } from '../../src/replay/replay-command.ts'
import type { ReplayResult } from '../../src/replay/replay-run.ts'
import { openSqliteStore } from '../../src/store/sqlite-store.ts'
import { storedIncident } from '../support/incidents.ts'
import { tempDir } from '../support/processes.ts'

const ROOT = resolve(import.meta.dir, '../..')
const EVAL_DIR = join(ROOT, 'test/support/fixtures/eval-public')
const FILES = readdirSync(EVAL_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => join(EVAL_DIR, f))
const dir = tempDir('aiops-replay-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function replay(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await replayCommand(argv, env, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') })
  return { code, out, err }
}

describe('replay', () => {
  it('equals `bun run eval` on the evaluation files', async () => {
    const evalJson = join(dir, 'eval.json')
    const proc = Bun.spawn([process.execPath, 'bench/eval/eval.ts', EVAL_DIR, '--json', evalJson], { cwd: ROOT, stdout: 'ignore', stderr: 'pipe' })
    expect(await proc.exited).toBe(0)
    const evaluated = (await Bun.file(evalJson).json()) as {
      overall: { scenarios: number; top1: number; top3: number }
      perTopology: Array<{ group: string; figures: { scenarios: number; top1: number; top3: number } }>
    }
    const r = await replay([...FILES, '--json'])
    expect(r.code).toBe(0)
    const replayed = JSON.parse(r.out) as ReplayResult
    expect({ n: replayed.n, top1: replayed.top1, top3: replayed.top3 }).toEqual({
      n: evaluated.overall.scenarios,
      top1: evaluated.overall.top1,
      top3: evaluated.overall.top3,
    })
    expect(replayed.per_topology.map((t) => [t.topology, t.n, t.top1, t.top3])).toEqual(
      evaluated.perTopology.map((t) => [t.group, t.figures.scenarios, t.figures.top1, t.figures.top3]),
    )
    expect(replayed.n).toBe(30)
  }, 60_000)

  it('prints n, top-1, top-3 and a row per topology', async () => {
    const r = await replay([FILES[0]!, '--max-hop', '3'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('max_hop 3')
    expect(r.out).toMatch(/^n 15 {3}top-1 +\d\.\d{3} {3}top-3 +\d\.\d{3}$/m)
    expect(r.out).toMatch(/^online-boutique +15 /m)
  })

  it('--store scores what operators confirmed against their root', async () => {
    const path = join(dir, 'incidents.db')
    const store = openSqliteStore(path)
    const now = Date.now()
    await store.upsert([storedIncident('inc-1', { updatedMs: now }), storedIncident('inc-2', { updatedMs: now }), storedIncident('inc-3', { updatedMs: now })])
    // The pipeline finds payment-db for this cascade: one confirmation, one correction to a service it cannot rank.
    await store.saveFeedback('inc-1', { root_cause: 'payment-db', actions: [], at: new Date(now).toISOString(), outcome: 'top1' })
    await store.saveFeedback('inc-2', { root_cause: 'search', actions: [], at: new Date(now).toISOString(), outcome: 'miss' })
    await store.close()
    const r = await replay(['--store', '--json', '--graph', join(ROOT, 'dataset/services.json')], { AIOPS_STORE_PATH: path })
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out) as ReplayResult
    expect(result.n).toBe(2)
    expect(result.top1).toBe(0.5)
  })

  it('the store off is an error naming it', async () => {
    const r = await replay(['--store'], { AIOPS_STORE: 'off' })
    expect(r.code).toBe(1)
    expect(r.err).toContain('AIOPS_STORE=off')
  })
})

describe('parseReplayArgs', () => {
  it.each([
    [[], 'give scenario files or --store'], // nothing to replay
    [['a.jsonl', '--store'], 'not both'],
    [['a.jsonl', '--max-hop', 'x'], '--max-hop'], // not a number
    [['a.jsonl', '--max-hop', '1.5'], '--max-hop'], // not an integer
    [['a.jsonl', '--method', 'llm'], '--method'],
    [['a.jsonl', '--graph'], '--graph needs a value'],
    [['a.jsonl', '--bogus'], 'unknown option --bogus'],
  ])('%p is a usage error naming %s', (argv, what) => {
    expect(() => parseReplayArgs(argv as string[])).toThrow(ReplayUsageError)
    expect(() => parseReplayArgs(argv as string[])).toThrow(what)
  })

  it('reads files and settings', () => {
    expect(parseReplayArgs(['a.jsonl', 'b.jsonl', '--gap-sec=60', '--max-hop', '3', '--method', 'pagerank', '--json'])).toEqual({
      files: ['a.jsonl', 'b.jsonl'],
      store: false,
      gapSec: 60,
      maxHop: 3,
      method: 'pagerank',
      json: true,
    })
  })
})
