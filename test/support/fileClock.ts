import { readFileSync, writeFileSync } from 'node:fs';
import type { Clock } from '@redress/shared';

/**
 * A clock shared by several processes: real time plus an offset (ms) read from a file on every
 * call, so a test can move "now" forward in all its server processes at once.
 */
export class FileClock implements Clock {
  constructor(private readonly file: string) {}

  now(): Date {
    let offset = 0;
    try {
      offset = Number(readFileSync(this.file, 'utf8').trim()) || 0;
    } catch {
      // No file yet: no offset.
    }
    return new Date(Date.now() + offset);
  }

  /** Set the offset for every process reading this file. */
  static setOffset(file: string, offsetMs: number): void {
    writeFileSync(file, String(offsetMs));
  }
}
