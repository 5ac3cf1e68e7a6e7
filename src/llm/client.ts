/**
 * The LLM client: one chat-completion call against any OpenAI-compatible
 * endpoint through the official `openai` SDK. The SDK client is built once,
 * lazily, on the first call: `new OpenAI()` throws without a key
 * and the kill switch must mean no client at all. Timeout and retries are set
 * explicitly because the SDK defaults (10 min, 2 retries) have no place on a
 * request path. Failures are classified into the stable reasons the metrics
 * and `method` labels use. The SDK module itself is imported on first use:
 * evaluating it costs ~35 ms of start-up, which a service running graph-only
 * (the default, and during a provider outage) should not pay.
 */
import type OpenAI from 'openai'
import type { Config } from '../config.ts'

export type FailureReason = 'timeout' | 'connection' | 'http_4xx' | 'http_5xx' | 'rate_limited' | 'parse_error' | 'invalid_root'

export interface ChatPrompt {
  system: string
  user: string
}

export interface LlmClient {
  readonly model: string
  /** The raw text content of the model's answer. @throws LlmError */
  complete(prompt: ChatPrompt, signal: AbortSignal): Promise<string>
}

export class LlmError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message)
  }
}

/** Class names along an error's prototype chain (the SDK's error classes, unminified). */
function classNames(e: object): Set<string> {
  const names = new Set<string>()
  for (let p = Object.getPrototypeOf(e); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const name = (p as { constructor?: { name?: string } }).constructor?.name
    if (name) names.add(name)
  }
  return names
}

/**
 * Map whatever the SDK threw to one of the stable failure reasons. Structural
 * (class names and status), so it needs no loaded SDK module.
 */
export function classifyError(e: unknown): FailureReason {
  if (e instanceof LlmError) return e.reason
  if (typeof e !== 'object' || e === null) return 'connection'
  const names = classNames(e)
  // Our own deadline aborts the call: from the request's side that is a timeout.
  if (names.has('APIUserAbortError') || (e instanceof Error && e.name === 'AbortError')) return 'timeout'
  if (names.has('APIConnectionTimeoutError')) return 'timeout'
  if (names.has('APIConnectionError')) return 'connection'
  if (names.has('RateLimitError')) return 'rate_limited'
  const status = (e as { status?: unknown }).status
  if (names.has('APIError') && typeof status === 'number') {
    if (status === 408) return 'timeout'
    return status >= 500 ? 'http_5xx' : 'http_4xx'
  }
  // A 200 whose body is not a chat completion (broken proxy, wrong base URL).
  if (e instanceof SyntaxError || e instanceof TypeError) return 'parse_error'
  return 'connection'
}

export interface ClientOptions {
  baseURL?: string
  apiKey: string
  model: string
  timeoutMs: number
  maxRetries: number
}

export function clientOptions(config: Config): ClientOptions {
  return {
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY ?? '',
    model: config.AIOPS_LLM_MODEL,
    timeoutMs: config.AIOPS_LLM_TIMEOUT_MS,
    maxRetries: config.AIOPS_LLM_MAX_RETRIES,
  }
}

/**
 * A client for `options`; nothing is constructed until the first `complete`.
 * @example const llm = createLlmClient(clientOptions(config)); const text = await llm.complete(p, signal)
 */
export function createLlmClient(options: ClientOptions): LlmClient {
  let sdk: Promise<OpenAI> | undefined
  const build = async () => {
    const { default: OpenAIClient } = await import('openai')
    return new OpenAIClient({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    })
  }
  const get = () => (sdk ??= build())
  return {
    model: options.model,
    async complete(prompt, signal) {
      const res = await (await get()).chat.completions.create(
        {
          model: options.model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          response_format: { type: 'json_object' },
          temperature: 0,
          max_tokens: 600,
        },
        { signal },
      )
      const text = res.choices?.[0]?.message?.content
      if (typeof text !== 'string' || text.trim() === '') throw new LlmError('parse_error', 'empty answer')
      return text
    },
  }
}
