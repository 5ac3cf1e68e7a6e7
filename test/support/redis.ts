/**
 * A throwaway real Redis for tests: Debian's redis-server on a free loopback
 * port, nothing saved to disk, its working files in a temp directory, stopped
 * and deleted by stop(). AIOPS_TEST_REDIS_URL, when set, names a server to use
 * instead (then pause/resume are not available).
 */
import { rmSync } from 'node:fs'
import { freePort, tempDir, waitFor, which } from './processes.ts'
import { orSkip } from './required.ts'

const found = which('redis-server')
/** The redis-server binary; undefined (its tests skip) only when missing and not required, or when a URL is given instead. */
export const REDIS_SERVER = process.env.AIOPS_TEST_REDIS_URL ? found : orSkip('redis-server (Debian package redis-server)', found)

/** Whether a Redis test can run here: a URL is given or a server can be started. */
export const hasRedis = Boolean(process.env.AIOPS_TEST_REDIS_URL || REDIS_SERVER)

export interface TestRedis {
  url: string
  stop(): Promise<void>
}

/** Resolves once a PING on `port` is answered with PONG. */
async function pong(port: number): Promise<true | undefined> {
  const { promise, resolve } = Promise.withResolvers<true | undefined>()
  const socket = await Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      data: (_s, d) => resolve(d.toString().startsWith('+PONG') ? true : undefined),
      close: () => resolve(undefined),
      error: () => resolve(undefined),
    },
  })
  socket.write('PING\r\n')
  const answer = await Promise.race([promise, Bun.sleep(1000).then(() => undefined)])
  socket.end()
  return answer
}

/** A redis-server on `port` (a free one by default); stop() kills it and removes its directory. */
export async function startRedis(port = freePort()): Promise<TestRedis & { port: number }> {
  if (!REDIS_SERVER) throw new Error('no redis-server on PATH')
  const dir = tempDir('aiops-redis-')
  const proc = Bun.spawn([REDIS_SERVER, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdout: 'ignore',
    stderr: 'ignore',
  })
  const stopNow = () => {
    proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  // A test file that ends early must not leave a server running.
  process.once('exit', stopNow)
  try {
    await waitFor(`redis-server on port ${port}`, () => pong(port))
  } catch (err) {
    stopNow()
    throw err
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      proc.kill('SIGTERM')
      await proc.exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The server named by AIOPS_TEST_REDIS_URL (left running), or a throwaway one. */
export async function testRedis(): Promise<TestRedis> {
  const url = process.env.AIOPS_TEST_REDIS_URL
  return url ? { url, stop: async () => {} } : startRedis()
}
