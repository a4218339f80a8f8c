import 'server-only';
import type { Role } from '@/lib/roles';

/** Who may read and write comments: any member, on an invoice of their org that is not deleted. */
export const COMMENT_READ_ROLE = 'member' satisfies Role;
export const COMMENT_WRITE_ROLE = 'member' satisfies Role;

/** A deleted invoice's thread is gone for everyone, admins included. */
export const mayComment = (invoice: { deletedAt: string | null }): boolean => !invoice.deletedAt;
