/** Structured JSON logs, one object per line, filtered by LOG_LEVEL. Never logs headers or bodies (secrets live there). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(level: LogLevel, base: LogFields = {}, sink: (line: string) => void = console.log): Logger {
  const emit = (l: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (RANK[l] < RANK[level]) return;
    sink(JSON.stringify({ timestamp: new Date().toISOString(), level: l, message, ...base, ...fields }));
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(level, { ...base, ...fields }, sink),
  };
}
