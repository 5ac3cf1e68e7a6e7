/**
 * The LLM client: one chat-completion call against any OpenAI-compatible
 * endpoint through the official `openai` SDK. The SDK client is built once,
 * lazily, on the first call: `new OpenAI()` throws without a key (PITFALLS 12)
 * and the kill switch must mean no client at all. Timeout and retries are set
 * explicitly because the SDK defaults (10 min, 2 retries) have no place on a
 * request path. Failures are classified into the stable reasons the metrics
 * and `method` labels use.
 */
import OpenAI from 'openai'
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

/** Map whatever the SDK threw to one of the stable failure reasons. */
export function classifyError(e: unknown): FailureReason {
  if (e instanceof LlmError) return e.reason
  // Our own deadline aborts the call: from the request's side that is a timeout.
  if (e instanceof OpenAI.APIUserAbortError || (e instanceof Error && e.name === 'AbortError')) return 'timeout'
  if (e instanceof OpenAI.APIConnectionTimeoutError) return 'timeout'
  if (e instanceof OpenAI.APIConnectionError) return 'connection'
  if (e instanceof OpenAI.RateLimitError) return 'rate_limited'
  if (e instanceof OpenAI.APIError && typeof e.status === 'number') {
    if (e.status === 408) return 'timeout'
    return e.status >= 500 ? 'http_5xx' : 'http_4xx'
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
  let sdk: OpenAI | undefined
  const get = () =>
    (sdk ??= new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    }))
  return {
    model: options.model,
    async complete(prompt, signal) {
      const res = await get().chat.completions.create(
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
