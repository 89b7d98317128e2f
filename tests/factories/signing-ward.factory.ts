import { createTestApp, TestApp } from '../setup/test-app';
import { createTanBinhWard, TanBinhWard } from './ward.factory';

/** Monday 7 July 2025, 10:00 in Tân Bình: the instant the document and signing tests freeze the clock at. */
export const SIGNING_DAY = '2025-07-07T03:00:00Z';

/**
 * The set-up of a describe block that drafts, signs and issues documents: a test app with its clock frozen at
 * SIGNING_DAY and the Tân Bình ward (signers get development certificates on their first signature), closed after
 * the block. `ready` receives both once they exist:
 *   let t: TestApp; let w: TanBinhWard;
 *   withSigningWard((app, ward) => ((t = app), (w = ward)));
 */
export function withSigningWard(ready: (t: TestApp, w: TanBinhWard) => void): void {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(SIGNING_DAY);
    ready(t, await createTanBinhWard(t));
  });
  afterAll(() => t?.close());
}
