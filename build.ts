/**
 * `bun run build`: compiles the service to one executable, dist/aiops-serve,
 * with the default dataset and the Swagger page's script embedded. Version
 * and commit are baked in with --define (package.json is not there at run
 * time); .env/bunfig autoloading is off so the binary behaves the same in any
 * directory; no --minify, which breaks Elysia (docs/pitfalls.md#no-minify).
 * Bytecode-compiled (--bytecode) so start-up skips parsing the bundle.
 */
import pkg from './package.json'

// AIOPS_COMMIT lets a build without .git (the Dockerfile's) still name its commit.
const commit =
  process.env.AIOPS_COMMIT?.trim() || Bun.spawnSync(['git', 'rev-parse', '--short', 'HEAD'], { stderr: 'ignore' }).stdout.toString().trim() || 'unknown'
// Extra entrypoints (workers) are listed here so the binary can start them (docs/pitfalls.md#workers-in-the-compiled-binary).
const entrypoints = ['src/main.ts', ...(await Array.fromAsync(new Bun.Glob('src/**/*.worker.ts').scan('.')))]

const args = [
  'build',
  '--compile',
  // Bytecode: JSC skips parsing and compiling ~750 bundled modules at every start
  // (exec → /readyz ~200 → ~70 ms here). Bytecode needs ESM for top-level await.
  '--bytecode',
  '--format=esm',
  ...entrypoints,
  '--outfile',
  'dist/aiops-serve',
  '--no-compile-autoload-dotenv',
  '--no-compile-autoload-bunfig',
  '--define',
  `AIOPS_BUILD_VERSION=${JSON.stringify(pkg.version)}`,
  '--define',
  `AIOPS_BUILD_COMMIT=${JSON.stringify(commit)}`,
]
const proc = Bun.spawnSync([process.execPath, ...args], { stdout: 'inherit', stderr: 'inherit' })
process.exit(proc.exitCode ?? 1)
