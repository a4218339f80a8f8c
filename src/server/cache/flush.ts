import 'server-only';
import { invalidate } from './invalidate';

/** Expires every cached read of one organization (the inspector's flush, and org deletion). */
export function flushOrganization(orgId: string): Promise<void> {
  return invalidate('org.flush', { orgId }, 'interactive', { source: 'action' });
}
