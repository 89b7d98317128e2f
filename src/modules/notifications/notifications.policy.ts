import type { PolicyContributor } from '../../common/authz/ability';

/** Everyone reads and marks their own notifications; nobody else's. */
export const notificationsPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  can(['read', 'update'], 'Notification', { organizationId: actor.orgId, userId: actor.userId });
};
