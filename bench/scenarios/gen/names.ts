/**
 * Vocabulary for synthetic service names, teams and out-of-graph noise sources, plus a
 * unique-name allocator. Names look like a real estate (`ledger-api`, `ledger-pg`,
 * `mobile-bff`) so reports and logs stay readable while debugging the pipeline.
 */
import type { Rng } from './prng.ts'
import type { Tier } from '../scenario.ts'

const DOMAINS = [
  'orders',
  'payments',
  'billing',
  'checkout',
  'basket',
  'catalog',
  'inventory',
  'pricing',
  'search',
  'recommend',
  'accounts',
  'auth',
  'session',
  'profile',
  'notify',
  'mailer',
  'sms',
  'shipping',
  'fulfil',
  'warehouse',
  'ledger',
  'invoice',
  'fraud',
  'risk',
  'reviews',
  'media',
  'thumbs',
  'upload',
  'geo',
  'tax',
  'coupons',
  'promo',
  'loyalty',
  'wishlist',
  'subs',
  'identity',
  'audit',
  'reports',
  'analytics',
  'feed',
  'chat',
  'tickets',
  'booking',
  'quotes',
  'fx',
  'ads',
  'content',
  'returns',
  'tracking',
  'routing',
] as const

const ROLES = ['api', 'svc', 'worker', 'core', 'engine', 'adapter', 'sync', 'processor', 'resolver', 'indexer', 'scheduler', 'bridge'] as const

const EDGE_NAMES = ['edge-gateway', 'web-frontend', 'mobile-bff', 'public-api', 'partner-gateway', 'admin-portal', 'graphql-gateway', 'ingress-router'] as const

const LEAF_SUFFIX: Record<'db' | 'cache' | 'queue', readonly string[]> = {
  db: ['db', 'pg', 'mysql', 'mongo'],
  cache: ['cache', 'redis', 'memcached'],
  queue: ['queue', 'kafka', 'amqp', 'events'],
}

// Shared platform services that most of an estate calls (fan-in hubs).
const PLATFORM = ['auth-core', 'config-svc', 'feature-flags', 'ratelimit-svc', 'identity-core', 'session-svc'] as const

const HIDDEN_SUFFIX = ['canary', 'shadow', 'v2', 'next', 'beta'] as const

export const TEAMS = ['payments', 'storefront', 'platform', 'data-infra', 'identity', 'growth', 'logistics', 'core-services', 'search-team', 'sre'] as const

// Infrastructure chatter that fires alerts but is never in a service graph.
const OUTSIDERS = [
  'nightly-etl',
  'backup-agent',
  'log-forwarder',
  'cert-rotator',
  'dns-resolver',
  'node-exporter',
  'vault-agent',
  'ci-runner',
  'cost-reporter',
  'sidecar-injector',
  'canary-prober',
  'ldap-sync',
  'ntp-daemon',
  'spam-filter',
] as const

/** Hands out names, never the same one twice within a topology. */
export class NameAllocator {
  private readonly used = new Set<string>()

  constructor(private readonly rng: Rng) {}

  private claim(base: string): string {
    let name = base
    for (let n = 2; this.used.has(name); n++) name = `${base}-${n}`
    this.used.add(name)
    return name
  }

  edge(): string {
    const free = EDGE_NAMES.filter((n) => !this.used.has(n))
    return this.claim(free.length > 0 ? this.rng.pick(free) : 'edge-gateway')
  }

  /** A middle-tier service; returns its name and its domain (reused for its datastores). */
  service(): { name: string; domain: string } {
    const domain = this.rng.pick(DOMAINS)
    return { name: this.claim(`${domain}-${this.rng.pick(ROLES)}`), domain }
  }

  leaf(tier: Exclude<Tier, 'edge' | 'service'>, domain: string): string {
    return this.claim(`${domain}-${this.rng.pick(LEAF_SUFFIX[tier])}`)
  }

  /** A shared platform service; returns its name and its domain (for its own datastore). */
  platform(): { name: string; domain: string } {
    const free = PLATFORM.filter((n) => !this.used.has(n))
    const name = this.claim(free.length > 0 ? this.rng.pick(free) : 'platform-core')
    return { name, domain: domainOf(name) }
  }

  /** How a tracing map or a load balancer names the endpoint in front of `of` (varied on purpose). */
  alias(of: string): string {
    const styles = [`${of}.internal-lb`, `internal-${of.slice(0, 5)}-${this.rng.hex(8)}.elb.amazonaws.com`, `${of}.${this.rng.pick(TEAMS)}.svc:8080`]
    return this.claim(this.rng.pick(styles))
  }

  /** A recently deployed variant of an existing service (missing from the written graph). */
  hidden(of: string): string {
    return this.claim(`${of}-${this.rng.pick(HIDDEN_SUFFIX)}`)
  }
}

/** A service that exists in the estate but not in any graph (noise source). */
export function outsiderName(rng: Rng): string {
  const base = rng.pick(OUTSIDERS)
  return rng.chance(0.4) ? `${base}-${rng.alnum(3)}` : base
}

/** Domain of a generated service name (its first dash-separated word). */
export function domainOf(name: string): string {
  return name.split('-')[0] ?? name
}
