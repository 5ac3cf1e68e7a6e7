/**
 * Reads graph and history documents from files or the embedded defaults, and
 * validates them fully. Errors name the file and the problem, never half-load.
 * The embedded defaults are plain JSON imports, bundled into the compiled
 * binary (PITFALLS 2), and go through the same validation as any user file.
 */
import defaultGraph from '../../dataset/services.json'
import defaultHistory from '../../dataset/incidents_history.json'
import { InvalidDocumentError } from '../domain/errors.ts'
import type { Incident } from '../domain/model.ts'
import type { GraphData } from '../domain/service-graph.ts'
import { parseHistory } from '../history/parse.ts'
import { parseGraphDocument } from './parse.ts'

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

/** The text of `path`; a missing file is an InvalidDocumentError naming it. */
export async function readText(path: string): Promise<string> {
  const file = Bun.file(path)
  if (!(await file.exists())) throw new InvalidDocumentError(`${path}: file not found`)
  return file.text()
}

export async function loadGraph(path: string | undefined): Promise<{ graph: GraphData; origin: string }> {
  if (!path) return { graph: graphFromText(JSON.stringify(defaultGraph), EMBEDDED), origin: EMBEDDED }
  return { graph: graphFromText(await readText(path), path), origin: path }
}

export async function loadHistory(path: string | undefined): Promise<{ history: Incident[]; hash: string; origin: string }> {
  if (!path) return { ...historyFromText(JSON.stringify(defaultHistory), EMBEDDED), origin: EMBEDDED }
  return { ...historyFromText(await readText(path), path), origin: path }
}
