import { describe, expect, it } from 'bun:test'
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidDocumentError } from '../../src/domain/errors.ts'
import { readText } from '../../src/graph/load.ts'

describe('graph/load readText', () => {
  it('reads a whole file even while a deploy tool keeps swapping it (temp + rename)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aiops-read-'))
    const path = join(dir, 'graph.json')
    const docs = [JSON.stringify({ a: 'x'.repeat(100) }), JSON.stringify({ a: 'y'.repeat(5000) })]
    await writeFile(path, docs[0]!)
    let stop = false
    const swapper = (async () => {
      for (let i = 0; !stop; i++) {
        const tmp = `${path}.${i}.tmp`
        await writeFile(tmp, docs[i % 2]!)
        await rename(tmp, path)
      }
    })()
    let mangled = 0
    try {
      for (let k = 0; k < 1000; k++) if (!docs.includes(await readText(path))) mangled++
    } finally {
      stop = true
      await swapper
      await rm(dir, { recursive: true, force: true })
    }
    expect(mangled).toBe(0)
  })

  it('names a missing file', async () => {
    await expect(readText('/nonexistent/graph.json')).rejects.toBeInstanceOf(InvalidDocumentError)
  })
})
