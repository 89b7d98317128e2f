import { Injectable } from '@nestjs/common';

/** The one source of "now" for business rules, so tests can control lockout windows and year boundaries. */
@Injectable()
export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** Test hook: freeze time at an instant (null returns to the real clock). */
  set(instant: Date | string | null): void {
    this.fixed = instant === null ? null : new Date(instant);
  }

  advance(ms: number): void {
    this.fixed = new Date(this.now().getTime() + ms);
  }
}
