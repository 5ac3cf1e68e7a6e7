/**
 * Which peer names from tracing or mesh metrics are services. Traces and
 * meshes also name things that are not: an uninstrumented or unresolved peer
 * ("unknown", an empty label) or a bare network address (an IP, host:port).
 * Such a name would become a node that no alert ever names and that changes
 * with every pod restart, so it never enters the graph; the overlay can add a
 * real name for it.
 */

const PLACEHOLDERS = new Set(['', 'unknown', 'unknown_service', 'none', 'null', 'undefined'])
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const WITH_PORT = /:\d{1,5}$/

/**
 * True when `name` can be a service node.
 * @example isServiceName('checkout') // true
 * @example isServiceName('10.0.3.7:8080') // false
 */
export function isServiceName(name: string | undefined): name is string {
  if (name === undefined) return false
  const n = name.trim()
  if (PLACEHOLDERS.has(n.toLowerCase())) return false
  if (IPV4.test(n)) return false
  // Two or more colons: an IPv6 address, bracketed or not.
  if ((n.match(/:/g)?.length ?? 0) >= 2) return false
  // Anything with a port is an address, not a service name (host:port, ip:port).
  if (WITH_PORT.test(n)) return false
  return true
}
