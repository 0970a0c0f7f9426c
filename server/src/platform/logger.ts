import pino from 'pino';

/** The process logger; pretty in a terminal, JSON otherwise. */
export function createLogger(level: string, name = 'redress'): pino.Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return pino({
    name,
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password', 'token'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
}

export type Logger = pino.Logger;
