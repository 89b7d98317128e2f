import { Client } from 'pg';
import { adminUrl } from './test-db';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.VANTHU_TEMPLATE_DB;
  if (!template || process.env.JEST_NO_DB === '1') return;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).finally(() => admin.end());
}
