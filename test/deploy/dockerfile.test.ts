/**
 * The Dockerfile, read as text (docker cannot build here): two stages, the
 * binary alone in a non-root final stage, the binary as its own HEALTHCHECK,
 * COPY sources that exist and a .dockerignore that keeps secrets out.
 */
import { describe, expect, it } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

describe('Dockerfile', () => {
  const text = readFileSync(resolve(import.meta.dir, '../../Dockerfile'), 'utf8')
  const lines = text.split('\n').filter((l) => !l.trimStart().startsWith('#'))
  const finalStage = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM '))).join('\n')

  it('compiles in one stage and ships only the binary in a second, non-root one', () => {
    expect(lines.filter((l) => l.startsWith('FROM ')).length).toBe(2)
    expect(text).toContain('RUN bun run build')
    expect(finalStage).toMatch(/COPY --from=build \S+ \/src\/dist\/aiops-serve \/app\/aiops-serve/)
    expect(finalStage).toMatch(/^USER 65532:65532$/m)
  })

  it('uses the binary itself as HEALTHCHECK and entrypoint', () => {
    expect(finalStage).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \["\/app\/aiops-serve", "healthcheck"\]/)
    expect(finalStage).toContain('ENTRYPOINT ["/app/aiops-serve"]')
    expect(finalStage).toContain('EXPOSE 8000')
  })

  it('copies only files that exist, and keeps secrets and build output out of the context', () => {
    const root = resolve(import.meta.dir, '../..')
    for (const m of text.matchAll(/^COPY (?!--from)([^\n]+) \S+$/gm)) {
      for (const f of m[1]!.split(/\s+/)) expect([f, existsSync(resolve(root, f))]).toEqual([f, true])
    }
    const ignore = readFileSync(resolve(root, '.dockerignore'), 'utf8').split('\n')
    for (const p of ['.git', 'node_modules', 'dist', '.env']) expect(ignore).toContain(p)
  })
})
