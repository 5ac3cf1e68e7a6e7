/**
 * `aiops-serve healthcheck`, the Docker HEALTHCHECK of the distroless image:
 * exit 0 while a server answers /readyz on PORT, 1 when nothing listens.
 * The binary part runs only when dist/aiops-serve exists.
 */
import { describe, expect, it } from 'bun:test'
import { existsSync } from 'node:fs'
import { probeUrl } from '../../src/healthcheck.ts'
import { BINARY, freePort, spawnBinary, waitHttpOk } from '../support/processes.ts'

describe('probeUrl', () => {
  it('follows PORT and HOST, probing loopback when the server listens on all interfaces', () => {
    expect(probeUrl({})).toBe('http://127.0.0.1:8000/readyz')
    expect(probeUrl({ PORT: '9000', HOST: '0.0.0.0' })).toBe('http://127.0.0.1:9000/readyz')
    expect(probeUrl({ PORT: '9000', HOST: '::' })).toBe('http://127.0.0.1:9000/readyz')
    expect(probeUrl({ HOST: '10.1.2.3' })).toBe('http://10.1.2.3:8000/readyz')
    expect(probeUrl({ HOST: '::1' })).toBe('http://[::1]:8000/readyz')
  })
})

describe.skipIf(!existsSync(BINARY))('aiops-serve healthcheck', () => {
  const check = (port: number) => Bun.spawn([BINARY, 'healthcheck'], { env: { PORT: String(port) }, stdout: 'ignore', stderr: 'ignore' }).exited

  it('exits 1 when nothing listens', async () => {
    expect(await check(freePort())).toBe(1)
  })

  it('exits 0 against a ready server', async () => {
    const { proc: server, port, base } = spawnBinary({ AIOPS_LOG_LEVEL: 'warn' })
    try {
      await waitHttpOk(`${base}/readyz`, 10_000)
      expect(await check(port)).toBe(0)
    } finally {
      server.kill('SIGTERM')
      await server.exited
    }
  })
})
