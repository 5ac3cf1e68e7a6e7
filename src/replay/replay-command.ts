/**
 * `aiops-serve replay …`: scores the pipeline on batches whose root cause is
 * known (evaluation files, or what operators confirmed in the store) with the
 * configured or given settings, so a team can check a change on its own
 * history before shipping it. Exit 0 done, 1 a file or the store could not be
 * read, 2 usage.
 */
import { ConfigError, parseConfig } from '../config.ts'
import { openIncidentStore } from '../store/incident-service.ts'
import { describeStore, storeSettings } from '../store/settings.ts'
import { parseReplayArgs, REPLAY_USAGE, ReplayUsageError } from './replay-args.ts'
import { groupsFromFiles, groupsFromIncidents, type ReplayGroup } from './replay-sources.ts'
import { renderReplay, runReplay } from './replay-run.ts'

// Confirmed incidents older than the store's retention are gone anyway; this reads all that are left.
const ALL_MS = 0

export interface ReplayIo {
  out: (text: string) => void
  err: (text: string) => void
}

const stdio: ReplayIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') }

async function storeGroups(env: Record<string, string | undefined>): Promise<ReplayGroup[]> {
  const settings = storeSettings(parseConfig(env))
  const store = openIncidentStore(settings)
  if (!store) throw new Error('the incident store is off (AIOPS_STORE=off): nothing to replay')
  try {
    return groupsFromIncidents(await store.confirmedSince(ALL_MS))
  } catch (e) {
    throw new Error(`cannot read the incident store (${describeStore(settings)}): ${(e as Error).message}`)
  } finally {
    await store.close()
  }
}

/** @example process.exit(await replayCommand(process.argv.slice(3), Bun.env)) */
export async function replayCommand(argv: readonly string[], env: Record<string, string | undefined>, io: ReplayIo = stdio): Promise<number> {
  let args
  let config
  try {
    args = parseReplayArgs(argv)
    config = parseConfig(env)
  } catch (e) {
    if (e instanceof ReplayUsageError) {
      io.err(e.message === '' ? REPLAY_USAGE : `replay: ${e.message}\n${REPLAY_USAGE}`)
      return e.message === '' ? 0 : 2
    }
    if (e instanceof ConfigError) {
      io.err(`replay: ${e.message}`)
      return 2
    }
    throw e
  }
  try {
    const groups = args.store ? await storeGroups(env) : await groupsFromFiles(args.files)
    const result = await runReplay(groups, {
      gapSec: args.gapSec ?? config.AIOPS_GAP_SEC,
      maxHop: args.maxHop ?? config.AIOPS_MAX_HOP,
      method: args.method ?? config.AIOPS_RCA_METHOD,
      graphPath: args.graph ?? config.AIOPS_GRAPH_PATH,
      historyPath: args.history ?? config.AIOPS_HISTORY_PATH,
      forceGraph: args.graph !== undefined,
      forceHistory: args.history !== undefined,
    })
    io.out(args.json ? JSON.stringify(result) : renderReplay(result))
    return 0
  } catch (e) {
    io.err(`replay: ${(e as Error).message}`)
    return 1
  }
}
