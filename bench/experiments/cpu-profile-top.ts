/**
 * `bun bench/experiments/cpu-profile-top.ts <file.cpuprofile> [n]`: the functions that
 * took the most time in a profile written by `bun --cpu-prof`, by self and by
 * inclusive time. How the scale benchmark's hot spots were found (see
 * SUBMIT.md (issue 5)); a Chrome DevTools load does the same, with a browser.
 */
interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: bun bench/experiments/cpu-profile-top.ts <file.cpuprofile> [n]')
  process.exit(2)
}
const top = Number(topArg ?? 20)
const profile = (await Bun.file(file).json()) as Profile
const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`

const selfUs = new Map<string, number>()
const inclUs = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0
  total += dt
  const leaf = nodes.get(id)!
  selfUs.set(key(leaf), (selfUs.get(key(leaf)) ?? 0) + dt)
  // Count each function once per sample, even when it recurses.
  const seen = new Set<string>()
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const k = key(nodes.get(x)!)
    if (!seen.has(k)) inclUs.set(k, (inclUs.get(k) ?? 0) + dt)
    seen.add(k)
  }
})

function print(title: string, m: Map<string, number>) {
  console.log(`${title} (of ${(total / 1000).toFixed(0)} ms)`)
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
}
print('self time', selfUs)
console.log()
print('inclusive time', inclUs)
