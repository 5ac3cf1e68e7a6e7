/**
 * Reads graph and history documents from files or the embedded defaults, and
 * validates them fully. Errors name the file and the problem, never half-load.
 * The embedded defaults are plain JSON imports, bundled into the compiled
 * binary (never also as files: docs/pitfalls.md#embedded-defaults), and go through the same validation as any user file.
 */
import { readFile } from 'node:fs/promises'
import defaultGraph from '../../dataset/services.json'
import defaultHistory from '../../dataset/incidents_history.json'
import { InvalidDocumentError } from '../domain/errors.ts'
import type { Incident } from '../domain/model.ts'
import type { GraphData } from '../domain/service-graph.ts'
import { parseHistory } from '../history/parse.ts'
import { parseGraphDocument } from './parse.ts'
import { createSnapshot, type Snapshot } from './store.ts'

export const EMBEDDED = 'embedded'

export function sha256(text: string): string {
  return new Bun.CryptoHasher('sha256').update(text).digest('hex')
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new InvalidDocumentError(`${origin}: not valid JSON (${(e as Error).message})`)
  }
}

/** Graph from JSON text; `origin` names it in errors. */
/** Run `parse`, making sure a document error names where the document came from. */
function naming<T>(origin: string, parse: () => T): T {
  try {
    return parse()
  } catch (e) {
    if (e instanceof InvalidDocumentError && !e.message.startsWith(origin)) throw new InvalidDocumentError(`${origin}: ${e.message}`)
    throw e
  }
}

export function graphFromText(text: string, origin: string): GraphData {
  const hash = sha256(text)
  return naming(origin, () => parseGraphDocument(parseJson(text, origin), { hash, fallbackVersion: `sha256-${hash.slice(0, 12)}` }))
}

export function historyFromText(text: string, origin: string): { history: Incident[]; hash: string } {
  return naming(origin, () => ({ history: parseHistory(parseJson(text, origin)), hash: sha256(text) }))
}

/**
 * The text of `path`; a missing file is an InvalidDocumentError naming it.
 * One open, one whole read of whatever file the path names at that moment.
 * Not Bun.file(path).exists() + .text(): when a deploy tool swaps the file
 * (temp + rename) in between, that pair returned mangled text in ~4 % of
 * reads (test/graph/load.test.ts swaps a file under 1000 reads), failing a reload for nothing.
 */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InvalidDocumentError(`${path}: file not found`)
    throw e
  }
}

export async function loadGraph(path: string | undefined): Promise<{ graph: GraphData; origin: string }> {
  if (!path) return { graph: graphFromText(JSON.stringify(defaultGraph), EMBEDDED), origin: EMBEDDED }
  return { graph: graphFromText(await readText(path), path), origin: path }
}

export async function loadHistory(path: string | undefined): Promise<{ history: Incident[]; hash: string; origin: string }> {
  if (!path) return { ...historyFromText(JSON.stringify(defaultHistory), EMBEDDED), origin: EMBEDDED }
  return { ...historyFromText(await readText(path), path), origin: path }
}

/** Graph and history read (files, or the embedded defaults when a path is absent) into one snapshot. */
export async function loadSnapshot(graphPath: string | undefined, historyPath: string | undefined, loadedAt: string): Promise<Snapshot> {
  const [g, h] = await Promise.all([loadGraph(graphPath), loadHistory(historyPath)])
  return createSnapshot({ graph: g.graph, history: h.history, graphOrigin: g.origin, historyOrigin: h.origin, historyHash: h.hash, loadedAt })
}
