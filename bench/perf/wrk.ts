/**
 * Runs wrk (Debian package `wrk`) against POST /incident with our own Lua
 * script (wrk-incident.lua) and returns throughput and latency percentiles.
 * wrk measures with its own clock from outside the server, so queueing in
 * the server's accept loop shows up, which the X-Response-Time-Ms header
 * cannot see.
 */
import { resolve } from 'node:path'

export interface WrkResult {
  connections: number
  threads: number
  durationSec: number
  requests: number
  rps: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  non2xx: number
  socketErrors: number
}

const SCRIPT = resolve(import.meta.dir, 'wrk-incident.lua')

export function hasWrk(): boolean {
  return Bun.which('wrk') !== null
}

/** @example await runWrk('http://127.0.0.1:8000/incident', '/tmp/body.json', 10, 10) */
export async function runWrk(url: string, bodyFile: string, connections: number, durationSec: number, threads = 1): Promise<WrkResult> {
  const proc = Bun.spawn(['wrk', `-t${threads}`, `-c${connections}`, `-d${durationSec}s`, '--latency', '-s', SCRIPT, url], {
    env: { ...process.env, BODY_FILE: bodyFile },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()])
  await proc.exited
  const line = out.split('\n').find((l) => l.startsWith('BENCH '))
  if (!line) throw new Error(`wrk printed no summary (exit ${proc.exitCode}): ${err || out}`)
  const s = JSON.parse(line.slice(6)) as Record<string, number>
  const ms = (us: number | undefined) => (us ?? NaN) / 1000
  return {
    connections,
    threads,
    durationSec,
    requests: s.requests!,
    rps: s.requests! / (s.duration_us! / 1e6),
    p50Ms: ms(s.p50_us),
    p90Ms: ms(s.p90_us),
    p99Ms: ms(s.p99_us),
    maxMs: ms(s.max_us),
    non2xx: s.non2xx!,
    socketErrors: s.socket_errors!,
  }
}
