import { Injectable } from '@nestjs/common';
import { Clock } from '../time/clock';
import type { Actor } from './actor';

/** How long a cached actor may be used at most, even when nothing says it changed. */
export const ACTOR_CACHE_MS = 10_000;
const MAX_ENTRIES = 20_000;

interface Entry {
  actor: Actor;
  version: string;
  /** performance.now() and the business clock when it was loaded: either moving past the TTL reloads it. */
  loadedAt: number;
  clockAt: number;
}

/**
 * The acting user and their CASL ability, kept per (user, session, token limit) for a few seconds so that a request
 * does not rebuild them (bench B1: the actor query and the ability were ≈ 0.7 ms of PostgreSQL and a share of the API's
 * CPU on every request). Correct across replicas without messages between them: every use compares the organization's
 * `authz_versions` counter, which triggers advance in the same transaction as any change to roles, users, departments,
 * delegations, signing rules or the time zone, and re-checks session revocation (ActorLoader.check). Within one process
 * a change is therefore seen by the next request; on every other replica too, because the check reads the database.
 */
@Injectable()
export class ActorCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  key(userId: string, sessionId: string | null, limit: string | undefined): string {
    return `${userId}|${sessionId ?? ''}|${limit ?? ''}`;
  }

  /** A cached actor still young enough to be checked, or undefined. */
  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (performance.now() - e.loadedAt > ACTOR_CACHE_MS || Math.abs(this.clock.now().getTime() - e.clockAt) > ACTOR_CACHE_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  set(key: string, actor: Actor, version: string): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Oldest first (a Map keeps insertion order).
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.delete(key);
    this.entries.set(key, { actor, version, loadedAt: performance.now(), clockAt: this.clock.now().getTime() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
