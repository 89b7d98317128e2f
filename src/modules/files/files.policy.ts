import type { PolicyContributor } from '../../common/authz/ability';

/**
 * Any member may upload a file in their organization (to attach it to a document afterwards with { fileId }).
 * Through /files a file is readable only by whoever uploaded it: documents expose their files through their own
 * routes, with the document's visibility, so a bare file id never widens access.
 */
export const filesPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  can('create', 'File', { organizationId });
  can('read', 'File', { organizationId, createdByUserId: actor.userId });
};
