import type { PolicyContributor } from './common/authz/ability';
import { delegationsPolicy } from './modules/delegations/delegations.policy';
import { filesPolicy } from './modules/files/files.policy';
import { incomingDocumentsPolicy } from './modules/incoming-documents/incoming-documents.policy';
import { organizationsPolicy } from './modules/organizations/organizations.policy';
import { outgoingDocumentsPolicy } from './modules/outgoing-documents/outgoing-documents.policy';
import { registersPolicy } from './modules/registers/registers.policy';
import { signingRulesPolicy } from './modules/signing-rules/signing-rules.policy';
import { signingPolicy } from './modules/signing/signing.policy';
import { usersPolicy } from './modules/users/users.policy';
import { jobFailuresPolicy } from './common/queue/job-failures.policy';
import { notificationsPolicy } from './modules/notifications/notifications.policy';
import { reportsPolicy } from './modules/reports/reports.policy';
import { tasksPolicy } from './modules/tasks/tasks.policy';
import { exchangePolicy } from './modules/exchange/exchange.policy';
import { legacyImportPolicy } from './modules/legacy-import/legacy-import.policy';
import { exportsPolicy } from './modules/exports/exports.policy';

/** Every module's contribution to the caller's CASL ability (STYLE §4), in one list. */
export const POLICIES: PolicyContributor[] = [
  organizationsPolicy,
  usersPolicy,
  signingRulesPolicy,
  delegationsPolicy,
  registersPolicy,
  outgoingDocumentsPolicy,
  signingPolicy,
  filesPolicy,
  incomingDocumentsPolicy,
  tasksPolicy,
  notificationsPolicy,
  reportsPolicy,
  jobFailuresPolicy,
  exchangePolicy,
  legacyImportPolicy,
  exportsPolicy,
];
