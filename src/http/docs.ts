/**
 * /swagger: the interactive API page and its OpenAPI JSON (/swagger/json).
 * The page's script is served by the app itself, embedded in the binary, so
 * it renders on a VM without internet (docs/pitfalls.md#the-swagger-page-offline): the plugin would
 * otherwise load Scalar from a CDN.
 */
import { swagger } from '@elysiajs/swagger'
import { Elysia } from 'elysia'
// Relative path: the package's exports map does not expose its browser bundle.
import scalarBundle from '../../node_modules/@scalar/api-reference/dist/browser/standalone.js' with { type: 'file' }
import type { BuildInfo } from '../build-info.ts'
import { responseComponents } from './openapi.ts'

const ASSET_PATH = '/swagger-assets/scalar.js'

type Documentation = NonNullable<NonNullable<Parameters<typeof swagger>[0]>['documentation']>
type ComponentSchemas = NonNullable<NonNullable<Documentation['components']>['schemas']>

export function docsRoutes(build: BuildInfo) {
  return (
    new Elysia({ name: 'http/docs' })
      .get(
        ASSET_PATH,
        () => new Response(Bun.file(scalarBundle), { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' } }),
        {
          detail: { hide: true },
        },
      )
      // Browsers ask for it on every page; an empty answer keeps the docs page's console clean.
      .get('/favicon.ico', () => new Response(null, { status: 204 }), { detail: { hide: true } })
      .use(
        swagger({
          path: '/swagger',
          scalarCDN: ASSET_PATH,
          scalarConfig: { withDefaultFonts: false },
          documentation: {
            info: { title: 'aiops-serve', version: build.version, description: 'Alert correlation and root-cause analysis for on-call engineers' },
            tags: [
              { name: 'incident', description: 'Incident triage' },
              { name: 'ops', description: 'Health, readiness, version, metrics' },
              { name: 'admin', description: 'Service graph lifecycle; listed only when AIOPS_ADMIN_TOKEN is set' },
            ],
            components: {
              securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'AIOPS_ADMIN_TOKEN' } },
              // Named, so the page lists the answers as models and a client generator gets types.
              // The cast: the plugin types OpenAPI 3.0 schema objects, TypeBox's types are JSON Schema's
              // (they differ in keywords such as exclusiveMaximum, which these schemas do not use).
              schemas: responseComponents as unknown as ComponentSchemas,
            },
          },
        }),
      )
  )
}
