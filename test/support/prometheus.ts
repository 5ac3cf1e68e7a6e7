/**
 * A real Prometheus (Debian's package) for tests and benches: a temp
 * storage directory, a free loopback port, scraping the given targets every
 * second. `query` runs an instant query through the HTTP API.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, tempDir, waitHttpOk, which } from './processes.ts'
import { orSkip } from './required.ts'

/** The prometheus binary; undefined (its tests skip) only when missing and not required. */
export const PROMETHEUS = orSkip('prometheus (Debian package prometheus)', which('prometheus'))

/** `port`: listen there (a test may point the service at it before Prometheus runs); `job`: the scrape job's name. */
export async function startPrometheus(targets: string[], { port = freePort(), job = 'calls' }: { port?: number; job?: string } = {}) {
  const dir = tempDir('aiops-prom-')
  const url = `http://127.0.0.1:${port}`
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: ${job}
    static_configs:
      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]
`,
  )
  const proc = Bun.spawn(
    [
      PROMETHEUS!,
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdout: 'ignore', stderr: Bun.file(join(dir, 'prometheus.log')) },
  )
  await waitHttpOk(`${url}/-/ready`, 20_000)
  return {
    url,
    proc,
    async query(q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
      const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }
      }
      return body.data.result
    },
    async stop() {
      proc.kill('SIGTERM')
      await proc.exited
    },
  }
}
