import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ActorLoader } from '../../../common/auth/actor.loader';
import { AbilityFactory } from '../../../common/authz/ability.factory';
import { Clock } from '../../../common/time/clock';
import { WorklistService } from '../../worklist/worklist.service';
import { ALL_ORGANIZATIONS, ChangeListener } from './change-listener';
import { worklistCounts, WorklistCounts } from './worklist-counts';

export interface StreamSnapshot {
  unread: number;
  worklist: { counts: WorklistCounts };
}

/** What the hub needs of one open stream: the person, and a way to write SSE text. */
export interface StreamConnection {
  actor: Actor;
  write(chunk: string): void;
  end(): void;
  last?: string;
}

/** A comment line every 25 s keeps proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** Changes within this window are answered with one recount per organization. */
const COALESCE_MS = 150;

/**
 * The open `/notifications/stream` connections of this process. A committed change anywhere (any replica) arrives as
 * the organization's id on the LISTEN connection; the hub then recounts, once per burst, for that organization's open
 * streams only, and writes an event only to those whose numbers changed. Nothing polls per connection: one heartbeat
 * timer writes a comment to all of them.
 */
@Injectable()
export class StreamHub implements OnModuleDestroy {
  private readonly logger = new Logger('StreamHub');
  private readonly byOrg = new Map<string, Set<StreamConnection>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Organizations being recounted now, and those that changed again meanwhile (recounted once more after). */
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private heartbeat: NodeJS.Timeout | null = null;
  /** Interval of the heartbeat comment (a test may shorten it before opening a stream). */
  heartbeatMs = HEARTBEAT_MS;

  constructor(
    private readonly ds: DataSource,
    private readonly worklist: WorklistService,
    private readonly listener: ChangeListener,
    private readonly clock: Clock,
    private readonly cls: ClsService,
    private readonly actors: ActorLoader,
    private readonly abilities: AbilityFactory,
  ) {
    this.listener.onChange((orgId) => this.changed(orgId));
  }

  /** Registers the connection and writes its first snapshot at once. */
  async open(conn: StreamConnection): Promise<void> {
    await this.listener.ensure();
    const orgId = conn.actor.orgId as string;
    if (!this.byOrg.has(orgId)) this.byOrg.set(orgId, new Set());
    this.byOrg.get(orgId)!.add(conn);
    this.heartbeat ??= setInterval(() => this.beat(), this.heartbeatMs);
    this.heartbeat.unref?.();
    await this.push(conn, false);
  }

  close(conn: StreamConnection): void {
    const orgId = conn.actor.orgId as string;
    const set = this.byOrg.get(orgId);
    set?.delete(conn);
    if (set && !set.size) this.byOrg.delete(orgId);
    if (!this.byOrg.size && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  /** Number of open streams (metrics, tests). */
  get size(): number {
    let n = 0;
    for (const s of this.byOrg.values()) n += s.size;
    return n;
  }

  async snapshot(actor: Actor): Promise<StreamSnapshot> {
    const [{ unread }] = (await this.ds.query(
      `SELECT count(*)::int AS unread FROM notifications WHERE organization_id = $1 AND user_id = $2 AND read_at IS NULL`,
      [actor.orgId, actor.userId],
    )) as { unread: number }[];
    return { unread, worklist: { counts: await worklistCounts(this.worklist, actor) } };
  }

  private changed(orgId: string): void {
    const orgs = orgId === ALL_ORGANIZATIONS ? [...this.byOrg.keys()] : this.byOrg.has(orgId) ? [orgId] : [];
    for (const org of orgs) {
      if (this.running.has(org)) {
        this.dirty.add(org);
        continue;
      }
      if (this.pending.has(org)) continue;
      const timer = setTimeout(() => {
        this.pending.delete(org);
        void this.recount(org);
      }, COALESCE_MS);
      timer.unref?.();
      this.pending.set(org, timer);
    }
  }

  private async recount(orgId: string): Promise<void> {
    this.running.add(orgId);
    try {
      // Sources read through the transaction host, which needs a CLS context (there is no request here).
      for (const conn of [...(this.byOrg.get(orgId) ?? [])]) await this.cls.run(() => this.push(conn));
    } finally {
      this.running.delete(orgId);
      if (this.dirty.delete(orgId)) this.changed(orgId);
    }
  }

  /**
   * Writes the connection's counts if they changed. On a change signal the person is read again first (as the guard does
   * on every request): a disabled account or a revoked session ends the stream, changed roles change the counts.
   */
  private async push(conn: StreamConnection, reload = true): Promise<void> {
    try {
      if (reload) {
        const data = await this.actors.load(conn.actor.userId, conn.actor.sessionId);
        if (!data) {
          this.close(conn);
          conn.end();
          return;
        }
        conn.actor = this.abilities.forActor(data);
      }
      const data = JSON.stringify(await this.snapshot(conn.actor));
      if (data === conn.last) return;
      conn.last = data;
      conn.write(`event: counts\ndata: ${data}\n\n`);
    } catch (e) {
      this.logger.warn({ err: (e as Error).message, userId: conn.actor.userId }, 'Stream recount failed');
    }
  }

  private beat(): void {
    for (const set of this.byOrg.values()) for (const conn of set) conn.write(`: heartbeat ${this.clock.now().toISOString()}\n\n`);
  }

  onModuleDestroy(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const set of this.byOrg.values()) for (const conn of set) conn.end();
    this.byOrg.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
