#!/usr/bin/env node
// Axis simulator: a small stand-in for the Trục liên thông văn bản (national / provincial axis) for tests and demos.
// Agencies register by mã định danh; packages are routed to the recipient's inbox by `to`; receivers poll their inbox
// and acknowledge what they took in. Faults can be injected with seeded randomness: drop (the axis answers 503 and
// forgets the package, or loses an acknowledgement so the package comes again), duplicate (the recipient gets the
// package twice) and delay (the package shows up only after delayMs).
//
//   node scripts/axis-simulator.mjs [--port 4400] [--host 127.0.0.1] [--drop 0.2] [--duplicate 0.2] [--delay 0.3]
//                                   [--delay-ms 3000] [--seed 42] [--token secret]
//
// HTTP (JSON):
//   POST   /agencies { organId, name }                      register (idempotent)
//   GET    /agencies                                        the registered agencies
//   POST   /messages { messageId, from, to, kind, xml }     hand a package over → 202 (200 when already accepted)
//   GET    /agencies/:organId/messages?limit=50             what waits for an agency → { items: [{ id, messageId, from, kind, xml }] }
//   DELETE /agencies/:organId/messages/:id                  acknowledge → 204
//   GET    /messages/:messageId/status                      → { status: accepted | delivered | unknown }
//   GET    /stats, POST /faults { drop, duplicate, delay, delayMs, seed }, POST /reset
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createAxisSimulator(options = {}) {
  const faults = { drop: 0, duplicate: 0, delay: 0, delayMs: 2000, seed: 1, ...options.faults };
  let random = mulberry32(faults.seed);
  const agencies = new Map(); // organId → { organId, name }
  const inboxes = new Map(); // organId → Map(id → entry)
  const accepted = new Map(); // messageId → { to, delivered }
  const stats = { accepted: 0, repeated: 0, dropped: 0, duplicated: 0, delayed: 0, delivered: 0, acksLost: 0 };
  const log = options.log ?? (() => {});

  const inbox = (organId) => {
    if (!inboxes.has(organId)) inboxes.set(organId, new Map());
    return inboxes.get(organId);
  };
  const send = (res, status, body) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(text);
  };
  const readJson = (req) => new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 60 * 1024 * 1024) reject(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try { resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}); } catch (e) { reject(e); }
    });
    req.on('error', reject);
  });

  const server = createServer(async (req, res) => {
    try {
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: 'unauthenticated' });
      const url = new URL(req.url, 'http://axis');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (req.method === 'POST' && url.pathname === '/agencies') {
        const b = await readJson(req);
        if (!b.organId) return send(res, 400, { error: 'organId required' });
        const known = agencies.has(b.organId);
        agencies.set(b.organId, { organId: b.organId, name: b.name ?? b.organId });
        inbox(b.organId);
        return send(res, known ? 200 : 201, agencies.get(b.organId));
      }
      if (req.method === 'GET' && url.pathname === '/agencies') return send(res, 200, { items: [...agencies.values()] });
      if (req.method === 'POST' && url.pathname === '/messages') {
        const b = await readJson(req);
        if (!b.messageId || !b.to || typeof b.xml !== 'string') return send(res, 400, { error: 'messageId, to and xml required' });
        if (!agencies.has(b.to)) return send(res, 404, { error: `unknown recipient ${b.to}` });
        if (accepted.has(b.messageId)) {
          stats.repeated++;
          return send(res, 200, { messageId: b.messageId, status: 'accepted', repeated: true });
        }
        if (random() < faults.drop) {
          stats.dropped++;
          log(`drop ${b.kind} ${b.messageId} ${b.from} → ${b.to}`);
          return send(res, 503, { error: 'dropped by fault injection' });
        }
        const delayed = random() < faults.delay;
        const copies = random() < faults.duplicate ? 2 : 1;
        if (delayed) stats.delayed++;
        if (copies > 1) stats.duplicated++;
        const visibleAt = Date.now() + (delayed ? faults.delayMs : 0);
        for (let i = 0; i < copies; i++) {
          const id = randomUUID();
          inbox(b.to).set(id, { id, messageId: b.messageId, from: b.from, to: b.to, kind: b.kind, xml: b.xml, visibleAt: visibleAt + i * 50 });
        }
        accepted.set(b.messageId, { to: b.to, delivered: false });
        stats.accepted++;
        log(`accept ${b.kind} ${b.messageId} ${b.from} → ${b.to}${delayed ? ' (delayed)' : ''}${copies > 1 ? ' (duplicated)' : ''}`);
        return send(res, 202, { messageId: b.messageId, status: 'accepted' });
      }
      if (parts[0] === 'agencies' && parts[2] === 'messages' && parts.length === 3 && req.method === 'GET') {
        if (!agencies.has(parts[1])) return send(res, 404, { error: 'unknown agency' });
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, 500);
        const now = Date.now();
        const items = [...inbox(parts[1]).values()].filter((m) => m.visibleAt <= now).slice(0, limit)
          .map(({ id, messageId, from, kind, xml }) => ({ id, messageId, from, kind, xml }));
        return send(res, 200, { items });
      }
      if (parts[0] === 'agencies' && parts[2] === 'messages' && parts.length === 4 && req.method === 'DELETE') {
        const box = inbox(parts[1]);
        const m = box.get(parts[3]);
        if (!m) return send(res, 204);
        if (random() < faults.drop) {
          stats.acksLost++;
          return send(res, 503, { error: 'acknowledgement lost by fault injection' });
        }
        box.delete(parts[3]);
        const a = accepted.get(m.messageId);
        if (a && !a.delivered) {
          a.delivered = true;
          stats.delivered++;
        }
        return send(res, 204);
      }
      if (parts[0] === 'messages' && parts[2] === 'status' && req.method === 'GET') {
        const a = accepted.get(parts[1]);
        return send(res, 200, { messageId: parts[1], status: a ? (a.delivered ? 'delivered' : 'accepted') : 'unknown' });
      }
      if (req.method === 'GET' && url.pathname === '/stats') {
        const waiting = Object.fromEntries([...inboxes].map(([k, v]) => [k, v.size]));
        return send(res, 200, { ...stats, faults, waiting });
      }
      if (req.method === 'POST' && url.pathname === '/faults') {
        const b = await readJson(req);
        for (const k of ['drop', 'duplicate', 'delay', 'delayMs', 'seed']) if (typeof b[k] === 'number') faults[k] = b[k];
        if (typeof b.seed === 'number') random = mulberry32(b.seed);
        return send(res, 200, faults);
      }
      if (req.method === 'POST' && url.pathname === '/reset') {
        inboxes.clear();
        accepted.clear();
        for (const k of Object.keys(stats)) stats[k] = 0;
        for (const organId of agencies.keys()) inbox(organId);
        return send(res, 204);
      }
      return send(res, 404, { error: 'not found' });
    } catch (e) {
      return send(res, 400, { error: String(e?.message ?? e) });
    }
  });
  return { server, faults, stats };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : (process.env[`AXIS_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
  };
  const sim = createAxisSimulator({
    token: arg('token', ''),
    faults: {
      drop: Number(arg('drop', 0)), duplicate: Number(arg('duplicate', 0)), delay: Number(arg('delay', 0)),
      delayMs: Number(arg('delay-ms', 2000)), seed: Number(arg('seed', 1)),
    },
    log: process.argv.includes('--verbose') ? (m) => process.stdout.write(`${m}\n`) : undefined,
  });
  sim.server.listen(Number(arg('port', 4400)), arg('host', '127.0.0.1'), () => {
    const { port, address } = sim.server.address();
    process.stdout.write(`axis-simulator listening on http://${address}:${port}\n`);
  });
  const stop = () => sim.server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
