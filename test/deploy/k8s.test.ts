/**
 * deploy/k8s validated against the Kubernetes API schemas (kubernetes-models:
 * the OpenAPI definitions compiled to validators), then checked for what the
 * schemas cannot know: the pieces fit together (selectors, named ports, the
 * graph ConfigMap mounted where AIOPS_GRAPH_PATH points, the HPA's target)
 * and every env var is one the service understands. YAML is read with Bun's
 * built-in parser (Bun.YAML).
 */
import { describe, expect, it } from 'bun:test'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Service } from 'kubernetes-models/v1/Service'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { ConfigSchema } from '../../src/config.ts'
import { graphFromText } from '../../src/graph/load.ts'

const ROOT = resolve(import.meta.dir, '../../deploy/k8s')
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
}

type Doc = Record<string, any>
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  )
const parse = (file: string): Doc[] => {
  const out = Bun.YAML.parse(readFileSync(file, 'utf8')) as Doc | Doc[]
  return (Array.isArray(out) ? out : [out]).filter(Boolean)
}
// Kustomize files and strategic-merge patches are not full objects.
const isObjectFile = (f: string) => basename(f) !== 'kustomization.yaml' && !basename(f).includes('patch')
const objects = yamlFiles(ROOT)
  .filter(isObjectFile)
  .flatMap((f) => parse(f).map((doc) => ({ file: f.slice(ROOT.length + 1), doc })))
const find = (kind: string, name: string) => objects.find((o) => o.doc.kind === kind && o.doc.metadata?.name === name)?.doc
const deployment = find('Deployment', 'aiops-serve')!
const pod = deployment.spec.template
const container = pod.spec.containers.find((c: Doc) => c.name === 'aiops-serve')
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v)

describe('deploy/k8s manifests', () => {
  it('are all Kubernetes objects of a known kind', () => {
    expect(objects.length).toBeGreaterThanOrEqual(7)
    for (const { file, doc } of objects) expect([file, MODELS[`${doc.apiVersion}/${doc.kind}`] ? 'known' : doc.kind]).toEqual([file, 'known'])
  })

  for (const { file, doc } of objects) {
    it(`${file}: ${doc.kind} ${doc.metadata?.name} validates against the API schema`, () => {
      expect(() => new MODELS[`${doc.apiVersion}/${doc.kind}`]!(doc).validate()).not.toThrow()
    })
  }

  it('the schema check is real: it rejects a broken Deployment', () => {
    const broken = structuredClone(deployment)
    broken.spec.replicas = 'two'
    delete broken.spec.selector
    expect(() => new Deployment(broken).validate()).toThrow(/replicas|selector/)
  })

  it('runs 2+ replicas with /healthz liveness, /readyz readiness and resources on every container', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2)
    expect(container.livenessProbe.httpGet.path).toBe('/healthz')
    expect(container.readinessProbe.httpGet.path).toBe('/readyz')
    for (const c of pod.spec.containers) {
      for (const k of ['cpu', 'memory']) {
        expect(c.resources.requests[k]).toBeDefined()
        expect(c.resources.limits[k]).toBeDefined()
      }
    }
  })

  it('runs as the image’s non-root user with a read-only root filesystem', () => {
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 })
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false })
    expect(readFileSync(resolve(ROOT, '../../Dockerfile'), 'utf8')).toContain('USER 65532:65532')
  })

  it('reads the graph from the ConfigMap mounted where AIOPS_GRAPH_PATH points', () => {
    const path = container.env.find((e: Doc) => e.name === 'AIOPS_GRAPH_PATH').value as string
    const mount = container.volumeMounts.find((m: Doc) => path.startsWith(`${m.mountPath}/`))
    const volume = pod.spec.volumes.find((v: Doc) => v.name === mount.name)
    const item = volume.configMap.items.find((i: Doc) => i.path === basename(path))
    const cm = find('ConfigMap', volume.configMap.name)!
    expect(dirname(path)).toBe(mount.mountPath)
    const text = cm.data[item.key] as string
    // The real parser: the graph a pod will load must be a valid one.
    const graph = graphFromText(text, 'configmap')
    expect(graph.nodes.length).toBeGreaterThan(0)
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(resolve(ROOT, '../../dataset/services.json'), 'utf8')))
  })

  it('names only environment variables the service knows', () => {
    const known = new Set(Object.keys(ConfigSchema.properties))
    for (const e of container.env as Doc[]) expect([e.name, known.has(e.name)]).toEqual([e.name, true])
    const patch = parse(join(ROOT, 'redis/redis-url-patch.yaml'))[0]!
    for (const e of patch.spec.template.spec.containers[0].env as Doc[]) expect([e.name, known.has(e.name)]).toEqual([e.name, true])
  })

  it('has a Service that selects the pods and targets their named http port', () => {
    const svc = find('Service', 'aiops-serve')!
    expect(matches(svc.spec.selector, pod.metadata.labels)).toBe(true)
    const ports = container.ports.map((p: Doc) => p.name)
    for (const p of svc.spec.ports) expect(ports).toContain(p.targetPort)
    expect(container.ports[0].containerPort).toBe(8000)
  })

  it('scales the Deployment with an HPA that never goes below 2 replicas', () => {
    const hpa = find('HorizontalPodAutoscaler', 'aiops-serve')!
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'aiops-serve' })
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2)
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas)
  })

  it('keeps a disruption budget over the same pods', () => {
    const pdb = find('PodDisruptionBudget', 'aiops-serve')!
    expect(matches(pdb.spec.selector.matchLabels, pod.metadata.labels)).toBe(true)
  })

  it('offers Redis as an overlay whose Service selects the Redis pod and whose URL the config accepts', () => {
    const redis = find('Deployment', 'aiops-serve-redis')!
    const svc = find('Service', 'aiops-serve-redis')!
    expect(matches(svc.spec.selector, redis.spec.template.metadata.labels)).toBe(true)
    // The API Service must not select the Redis pod, nor Redis the API pods.
    expect(matches(find('Service', 'aiops-serve')!.spec.selector, redis.spec.template.metadata.labels)).toBe(false)
    const url = parse(join(ROOT, 'redis/redis-url-patch.yaml'))[0]!.spec.template.spec.containers[0].env[0].value as string
    expect(url).toStartWith(`redis://${svc.metadata.name}:${svc.spec.ports[0].port}`)
  })

  it('lists in each kustomization only files that exist', () => {
    for (const k of yamlFiles(ROOT).filter((f) => basename(f) === 'kustomization.yaml')) {
      const doc = parse(k)[0]!
      for (const r of [...(doc.resources ?? []), ...(doc.patches ?? []).map((p: Doc) => p.path)])
        expect([r, existsSync(resolve(dirname(k), r))]).toEqual([r, true])
    }
  })
})
