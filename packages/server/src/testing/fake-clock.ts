import type { Clock } from '../clock.js';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private time = Date.parse('2026-01-01T00:00:00.000Z')) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
