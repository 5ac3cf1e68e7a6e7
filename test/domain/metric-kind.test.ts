import { describe, expect, it } from 'bun:test'
import { metricKind, type MetricKind } from '../../src/domain/metric-kind.ts'

describe('metricKind', () => {
  const cases: Array<[string, MetricKind]> = [
    // the contract's metrics
    ['cpu_util', 'resource'],
    ['mem_util', 'resource'],
    ['conn_pool_used', 'resource'],
    ['disk_util', 'resource'],
    ['restarts', 'resource'],
    ['latency_p99_ms', 'symptom'],
    ['error_rate', 'symptom'],
    ['saturation', 'symptom'],
    // common exporter spellings
    ['container_memory_working_set_bytes', 'resource'],
    ['kube_pod_container_status_restarts_total', 'resource'],
    ['container_cpu_cfs_throttled_seconds_total', 'resource'],
    ['node_network_receive_drop_total', 'resource'],
    ['tcp_retransmits', 'resource'],
    ['node_disk_io_wait_seconds', 'resource'],
    ['pg_replication_lag', 'resource'],
    ['kafka_consumer_lag_messages', 'resource'],
    ['http_request_duration_seconds', 'symptom'],
    ['http_5xx_ratio', 'symptom'],
    ['grpc_request_timeout_total', 'symptom'],
    // neither: no claim about where the fault is
    ['feature_flag_changes', 'other'],
    ['business_orders_per_minute', 'other'],
  ]
  for (const [metric, kind] of cases) it(`classifies ${metric} as ${kind}`, () => expect(metricKind(metric)).toBe(kind))
})
