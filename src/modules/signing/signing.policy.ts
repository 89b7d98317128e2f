import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole } from '../../common/auth/actor';
import { authoritiesOf, rolesOf, rulesFor, typeScope } from './signing-authority';

/**
 * Who may sign an outgoing document, built from the organization's working rules (signing rules as data):
 * - as themself: a rule of one of the actor's OWN roles with that authority and the document's type, and the actor
 *   is the document's designated signer;
 * - on behalf of a principal (TUQ.): a delegation valid today from that principal, within its types, and only what
 *   the PRINCIPAL's own roles allow — never what the principal received by delegation (no onward delegation).
 * Subject fields: organizationId, signerId, documentType, authority, onBehalfOfUserId.
 * Keys: the organization admin issues and imports certificates and images; everyone sees their own.
 */
export const signingPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;

  for (const rule of rulesFor(rolesOf(actor.roles), actor.signingRules)) {
    const scope = typeScope(rule.documentTypes, null) ?? {};
    for (const authority of authoritiesOf(rule)) {
      can('sign', 'OutgoingDocument', { organizationId, signerId: actor.userId, onBehalfOfUserId: null, authority, ...scope });
    }
  }
  for (const d of actor.delegations) {
    for (const rule of rulesFor(d.fromRoles, actor.signingRules)) {
      const scope = typeScope(rule.documentTypes, d.documentTypes);
      if (!scope) continue;
      can('sign', 'OutgoingDocument', { organizationId, signerId: d.fromUserId, onBehalfOfUserId: d.fromUserId, authority: 'TUQ', ...scope });
    }
  }

  if (hasRole(actor, 'admin')) can(['read', 'create'], 'SigningKey', { organizationId });
  can('read', 'SigningKey', { organizationId, userId: actor.userId });
};
