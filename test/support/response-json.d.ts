/**
 * Tests read response bodies as loosely typed JSON (`body.clusters[0]`): with
 * bun-types 1.4.5 the global Response comes from undici-types, whose json()
 * returns Promise<unknown>, which made `bun run typecheck` fail on every test.
 */
interface Response {
  json(): Promise<any>
}
