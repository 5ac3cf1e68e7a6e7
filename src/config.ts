/**
 * Configuration from the environment, parsed and validated once at start-up.
 * Every problem is reported at once, each naming its variable, and start-up
 * stops; nothing else in the code reads the environment.
 */
import { Type, type Static, type TLiteral } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { EDGE_LABELS_DEFAULT_SPEC, EDGE_LABELS_SPEC_PATTERN } from './domain/edge-labels.ts'

const Int = (min: number, max: number, def: number) => Type.Integer({ minimum: min, maximum: max, default: def })
const Lit = <const T extends string>(values: readonly T[], def: T) => Type.Union(values.map((v) => Type.Literal(v)) as Array<TLiteral<T>>, { default: def })
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*'
const Num = (min: number, max: number, def: number) => Type.Number({ minimum: min, maximum: max, default: def })

export const ConfigSchema = Type.Object({
  PORT: Int(0, 65535, 8000),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  AIOPS_GRAPH_PATH: Type.Optional(Type.String({ minLength: 1 })),
  AIOPS_HISTORY_PATH: Type.Optional(Type.String({ minLength: 1 })),
  AIOPS_GAP_SEC: Num(1, 86_400, 120),
  AIOPS_MAX_HOP: Int(1, 10, 2),
  // Labels that make an alert an edge alert (caller:callee or callee, comma-separated; domain/edge-labels.ts).
  AIOPS_EDGE_LABELS: Type.String({ pattern: EDGE_LABELS_SPEC_PATTERN, default: EDGE_LABELS_DEFAULT_SPEC }),
  AIOPS_RCA_METHOD: Type.Union([Type.Literal('explain'), Type.Literal('pagerank')], { default: 'explain' }),
  // Chronic-alert baseline (incident/chronic-service.ts): off by default, it cost on the real faults measured (DESIGN.md).
  AIOPS_CHRONIC: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'off' }),
  AIOPS_USE_LLM: Type.Boolean({ default: true }),
  OPENAI_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  OPENAI_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  AIOPS_LLM_MODEL: Type.String({ minLength: 1, default: 'gpt-4o-mini' }),
  // LLM enrichment bounds (src/llm): per attempt, retries, and the whole request's LLM budget.
  AIOPS_LLM_TIMEOUT_MS: Int(50, 600_000, 10_000),
  AIOPS_LLM_MAX_RETRIES: Int(0, 10, 2),
  AIOPS_LLM_DEADLINE_MS: Int(50, 600_000, 8_000),
  AIOPS_LLM_CONCURRENCY: Int(1, 64, 4),
  AIOPS_LLM_MAX_CLUSTERS: Int(1, 1_000, 5),
  AIOPS_LLM_SKIP_CONFIDENCE: Num(0, 1, 0.9),
  AIOPS_LLM_BREAKER_FAILURES: Int(1, 1000, 5),
  AIOPS_LLM_BREAKER_COOLDOWN_SEC: Int(1, 3600, 30),
  AIOPS_LLM_CACHE_MAX: Int(1, 10_000_000, 1000),
  AIOPS_LLM_CACHE_TTL_SEC: Int(1, 30 * 86_400, 3600),
  AIOPS_REDIS_URL: Type.Optional(Type.String({ pattern: '^(redis|rediss|valkey|valkeys)(\\+unix|\\+tls)?://' })),
  AIOPS_LOG_LEVEL: Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')], { default: 'info' }),
  AIOPS_MAX_BODY_BYTES: Int(1024, 1024 * 1024 * 1024, 10 * 1024 * 1024),
  AIOPS_MAX_ALERTS: Int(1, 1_000_000, 20_000),
  // Workers answering whole POST /incident requests (src/workers/pool.ts). Unset = the default
  // resolved in main.ts from the core count, so this stays pure; 0 = everything on the main thread.
  AIOPS_RCA_WORKERS: Type.Optional(Type.Integer({ minimum: 0, maximum: 256 })),
  // A worker that holds requests and answers none for this long is replaced; its requests run inline.
  AIOPS_RCA_TIMEOUT_MS: Int(1, 600_000, 2000),
  // Graph lifecycle: periodic re-read of the graph/history files, 0 = off.
  AIOPS_GRAPH_RELOAD_SEC: Int(0, 7 * 86_400, 300),
  AIOPS_GRAPH_MAX_AGE_SEC: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 * 86_400 })),
  // Graph discovery (docs/graph-discovery.md): where the graph comes from and how it is refreshed.
  AIOPS_GRAPH_SOURCE: Lit(['file', 'prometheus', 'jaeger'], 'file'),
  AIOPS_PROMETHEUS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  AIOPS_GRAPH_PROMQL_PRESET: Lit(['servicegraph', 'istio', 'linkerd'], 'servicegraph'),
  AIOPS_GRAPH_PROMQL: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
  AIOPS_GRAPH_PROMQL_LABELS: Type.String({ pattern: `^${LABEL},${LABEL}$`, default: 'client,server' }),
  AIOPS_JAEGER_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  AIOPS_GRAPH_OVERLAY_PATH: Type.Optional(Type.String({ minLength: 1 })),
  // The seed's five minutes; 0 = only on POST /admin/graph/reload.
  AIOPS_GRAPH_REFRESH_SEC: Int(0, 7 * 86_400, 300),
  // An hour of traffic: long enough for hourly batch callers, short enough to forget a removed route.
  AIOPS_GRAPH_LOOKBACK_SEC: Int(60, 30 * 86_400, 3600),
  // A day: an edge used once a day (a nightly job) stays in the graph between its calls.
  AIOPS_GRAPH_EDGE_RETENTION_SEC: Int(0, 365 * 86_400, 86_400),
  // A broken query or a half-scraped Prometheus removes most edges at once; real change is gradual.
  AIOPS_GRAPH_MAX_SHRINK: Num(0, 1, 0.5),
  AIOPS_GRAPH_KEEP_VERSIONS: Int(2, 1000, 10),
  AIOPS_GRAPH_REFRESH_MODE: Lit(['apply', 'shadow'], 'apply'),
  // Per request to Prometheus or Jaeger; a refresh never hangs on a stuck source.
  AIOPS_GRAPH_FETCH_TIMEOUT_MS: Int(100, 600_000, 10_000),
  // Shadowing (src/shadow): share of live batches the candidate re-analyses, and how many may wait (more are skipped).
  AIOPS_SHADOW_SAMPLE: Num(0, 1, 1),
  AIOPS_SHADOW_QUEUE: Int(1, 100_000, 64),
  // No length cap: a violation would echo the secret in the start-up error line.
  AIOPS_ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  // Bearer token for POST /incident and /alertmanager; unset = no auth. 16+ chars: a short token is guessable.
  AIOPS_API_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 4096, pattern: '^[\\x21-\\x7e]+$' })),
  // Incident store (src/store): unset = postgres when AIOPS_STORE_URL is given, else sqlite (see storeSettings).
  AIOPS_STORE: Type.Optional(Type.Union([Type.Literal('sqlite'), Type.Literal('postgres'), Type.Literal('off')])),
  AIOPS_STORE_PATH: Type.Optional(Type.String({ minLength: 1 })),
  AIOPS_STORE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  AIOPS_STORE_RETENTION_DAYS: Int(1, 3650, 30),
  // Base URL for incident_url links in answers, e.g. https://aiops.example.com.
  AIOPS_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  // Where the default SQLite file goes (XDG base directories); read here so nothing else reads the environment.
  XDG_STATE_HOME: Type.Optional(Type.String({ minLength: 1 })),
  HOME: Type.Optional(Type.String({ minLength: 1 })),
})
export type Config = Readonly<Static<typeof ConfigSchema>>

// A store URL may carry a password (postgres://user:pass@host).
const SECRET = /TOKEN|KEY|SECRET|PASSWORD|STORE_URL/

const KEYS = Object.keys(ConfigSchema.properties) as Array<keyof Config>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`)
  }
}

/** Parse the known variables of `env`; empty strings count as unset. @throws ConfigError */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = {}
  for (const k of KEYS) {
    const v = env[k]?.trim()
    if (v !== undefined && v !== '') raw[k] = v
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw))
  const problems = Value.Check(ConfigSchema, withDefaults)
    ? []
    : [...Value.Errors(ConfigSchema, withDefaults)].map((e) => {
        const name = e.path.replace(/^\//, '')
        // Secrets are named, never echoed: this line goes to the log.
        const shown = SECRET.test(name) ? '"<redacted>"' : JSON.stringify(raw[name] ?? '')
        return `${name}=${shown}: ${e.message}`
      })
  problems.push(...requiredTogether(raw))
  if (problems.length > 0) throw new ConfigError([...new Set(problems)])
  return Object.freeze(withDefaults as Config)
}

/** Settings that another setting makes necessary (one schema cannot say "required when"). */
function requiredTogether(raw: Record<string, unknown>): string[] {
  const problems: string[] = []
  if (raw.AIOPS_GRAPH_SOURCE === 'prometheus' && !raw.AIOPS_PROMETHEUS_URL) problems.push('AIOPS_PROMETHEUS_URL: required when AIOPS_GRAPH_SOURCE=prometheus')
  if (raw.AIOPS_GRAPH_SOURCE === 'jaeger' && !raw.AIOPS_JAEGER_URL) problems.push('AIOPS_JAEGER_URL: required when AIOPS_GRAPH_SOURCE=jaeger')
  if (raw.AIOPS_STORE === 'postgres' && !raw.AIOPS_STORE_URL) problems.push('AIOPS_STORE_URL: required when AIOPS_STORE=postgres')
  return problems
}
