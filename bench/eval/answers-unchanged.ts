/**
 * `bun run check:answers -- <eval dir>… [--base <commit>]`: every scenario of
 * each eval directory answered by the code at <commit> (default: main after
 * the ranking of issue 16 was merged, the answers speed work must keep; the
 * ranking changed answers, so the redesign's starting commit is a base only
 * for code from before it) and by this tree, compared report by
 * report. Any difference in clusters, root causes, candidates, similar
 * incidents or actions is printed with its scenario and JSON path; exit 1 if
 * there is one. The old code runs from a temporary git worktree (removed
 * afterwards) sharing this tree's node_modules. Reports carry no timing
 * fields (timings go in headers), so whole reports are compared.
 * Pipeline settings come from the environment, for both sides alike.
 * @example bun run check:answers -- test/support/fixtures/eval-public /tmp/gen
 * @example AIOPS_RCA_METHOD=pagerank bun run check:answers -- test/support/fixtures/eval-public
 * @example bun run check:answers -- test/support/fixtures/eval-public --base d62082f
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const DEFAULT_BASE = '29020a2'
const root = resolve(import.meta.dir, '../..')
const { values, positionals } = parseArgs({ options: { base: { type: 'string', default: DEFAULT_BASE } }, allowPositionals: true })
if (positionals.length === 0) {
  console.error('usage: bun run check:answers -- <eval dir>… [--base <commit>]')
  process.exit(2)
}

function run(cmd: string[], cwd = root): string {
  const p = Bun.spawnSync(cmd, { cwd, stdout: 'pipe', stderr: 'pipe' })
  if (p.exitCode !== 0) throw new Error(`${cmd.join(' ')}: ${p.stderr.toString().trim()}`)
  return p.stdout.toString()
}

const dump = (codeRoot: string, dir: string): Record<string, unknown> =>
  JSON.parse(run([process.execPath, join(root, 'bench/eval/answers-dump.ts'), codeRoot, dir]))

/** JSON paths where `a` and `b` differ (first few only). */
function differences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 5) return out
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    if (a !== b) out.push(`${path || '/'}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`)
    return out
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, out)
  return out
}

const base = mkdtempSync(join(tmpdir(), 'aiops-answers-'))
let failed = 0
try {
  run(['git', 'worktree', 'add', '--detach', base, values.base!])
  symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'))
  for (const dir of positionals) {
    const before = dump(base, dir)
    const after = dump(root, dir)
    let differ = 0
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const diff = differences(before[name], after[name])
      if (diff.length === 0) continue
      differ++
      console.log(`DIFF ${name}\n  ${diff.join('\n  ')}`)
    }
    console.log(`${dir}: ${Object.keys(after).length} scenarios, ${differ} with a different answer (base ${values.base})`)
    failed += differ
  }
} finally {
  run(['git', 'worktree', 'remove', '--force', base])
  rmSync(base, { recursive: true, force: true })
}
process.exit(failed === 0 ? 0 : 1)
