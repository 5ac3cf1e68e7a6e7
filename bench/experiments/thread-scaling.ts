/**
 * `bun bench/experiments/thread-scaling.ts`: do two Bun workers really run in parallel on
 * this machine? Each worker runs the whole pure pipeline on the 20-alert
 * sample (bench/experiments/threads/pipeline.worker.ts); we time N batches on one worker,
 * then N on each of two at once. Throughput scaling near 2× means threads are
 * not what limits the pool; what is left is the per-batch serial part.
 */
const N = Number(process.argv[2] ?? 10_000)
const url = new URL('./threads/pipeline.worker.ts', import.meta.url)

const start = () =>
  new Promise<Worker>((resolve) => {
    const w = new Worker(url)
    w.onmessage = () => resolve(w)
  })
const run = (w: Worker, n: number) =>
  new Promise<number>((resolve) => {
    w.onmessage = (e: MessageEvent<number>) => resolve(e.data)
    w.postMessage(n)
  })

const [a, b] = await Promise.all([start(), start()])
let t = performance.now()
await run(a!, N)
const one = performance.now() - t
t = performance.now()
await Promise.all([run(a!, N), run(b!, N)])
const two = performance.now() - t
console.log(`${navigator.hardwareConcurrency} cores, Bun ${Bun.version}, ${N} batches of the 20-alert sample per worker`)
console.log(`one worker:  ${one.toFixed(0)} ms (${((N / one) * 1000).toFixed(0)} batches/s)`)
console.log(`two workers: ${two.toFixed(0)} ms for twice the work (${(((2 * N) / two) * 1000).toFixed(0)} batches/s)`)
console.log(`throughput scaling: ${((2 * one) / two).toFixed(2)}x`)
process.exit(0)
