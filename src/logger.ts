/**
 * JSON-lines logger: one object per line on stdout (errors on stderr), with
 * `ts`, `level`, `msg` first. A dozen lines of our own instead of pino: we
 * need no transports, and pino's async sinks run on worker threads that a
 * compiled binary would have to bundle separately.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  /** Whether a line at `level` would be written: lets hot paths skip building its fields. */
  enabled(level: Level): boolean
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export type Sink = (line: string, level: Level) => void

const defaultSink: Sink = (line, level) => {
  if (level === 'error') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

export function createLogger(min: Level = 'info', sink: Sink = defaultSink, now: () => Date = () => new Date()): Logger {
  const log =
    (level: Level) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[level] < ORDER[min]) return
      sink(JSON.stringify({ ts: now().toISOString(), level, msg, ...fields }), level)
    }
  return { enabled: (level) => ORDER[level] >= ORDER[min], debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger('error', () => {})
