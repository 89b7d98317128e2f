import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestApp } from '../setup/test-app';
import type { TestUser } from './ward.factory';

export const legacyFixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/legacy', name));

/** A checked (not yet committed) upload of the clean legacy register, by a user who may import. */
export async function previewLegacyImport(t: TestApp, user: TestUser, sourceUnitName = 'Phường Thanh Trì'): Promise<{ id: string }> {
  const res = await t.http.post('/api/v1/imports').set(user.auth)
    .field('kind', 'incoming_register').field('sourceUnitName', sourceUnitName).field('year', '2024')
    .attach('file', legacyFixture('so-den-thanh-tri-2024.xlsx'), { filename: 'so-den-thanh-tri-2024.xlsx' });
  if (res.status !== 201) throw new Error(`legacy import preview failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

type Fixture = (ctx: { t: TestApp; otherPowerUser: TestUser }) => Promise<{ ids: Record<string, string>; body?: object }>;

/** Route matrix: an import of ANOTHER organization (its id answers 404 here). */
export const LEGACY_IMPORT_OTHER_ORG_FIXTURES: Record<string, Fixture> = {
  '/api/v1/imports/:id': async ({ t, otherPowerUser }) => ({ ids: { id: (await previewLegacyImport(t, otherPowerUser)).id } }),
  '/api/v1/imports/:id/commit': async ({ t, otherPowerUser }) => ({ ids: { id: (await previewLegacyImport(t, otherPowerUser)).id }, body: {} }),
};
