import { describe, expect, it } from 'vitest';
import { isRole, ROLES, type Role } from '@/lib/roles';
import { COMMENT_READ_ROLE, COMMENT_WRITE_ROLE, mayComment } from '@/server/comments/policy';
import {
  INVOICE_WRITE_ROLE,
  invoiceViewsFor,
  mayCreateInvoice,
  mayListView,
  maySeeInvoice,
  mayWriteInvoice,
} from '@/server/invoices/policy';
import { mayManageTeam, TEAM_MANAGER_ROLE } from '@/server/team/policy';

/** Who may do what, role by role: the whole table, so a flipped comparison or a lost role shows. */
const LIVE = { deletedAt: null };
const DELETED = { deletedAt: '2026-01-01T00:00:00.000Z' };
const byRole = <T>(answer: (role: Role) => T) => Object.fromEntries(ROLES.map((role) => [role, answer(role)]));

describe('roles', () => {
  it('are member < admin < owner', () => {
    expect(ROLES).toEqual(['member', 'admin', 'owner']);
  });

  it.each([
    ['member', true],
    ['admin', true],
    ['owner', true],
    ['', false],
    ['root', false],
    ['Admin', false],
  ])('isRole(%j) is %s', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });
});

describe('invoice policy', () => {
  it('needs an admin to write', () => {
    expect(INVOICE_WRITE_ROLE).toBe('admin');
    expect(byRole(mayCreateInvoice)).toEqual({ member: false, admin: true, owner: true });
    expect(byRole((role) => mayWriteInvoice(role, LIVE))).toEqual({ member: false, admin: true, owner: true });
  });

  it('makes a deleted invoice read-only for everyone', () => {
    expect(byRole((role) => mayWriteInvoice(role, DELETED))).toEqual({ member: false, admin: false, owner: false });
  });

  it('shows a deleted invoice to admins and above only', () => {
    expect(byRole((role) => maySeeInvoice(role, LIVE))).toEqual({ member: true, admin: true, owner: true });
    expect(byRole((role) => maySeeInvoice(role, DELETED))).toEqual({ member: false, admin: true, owner: true });
  });

  it('opens the all view (deleted included) to admins and above only', () => {
    expect(byRole((role) => mayListView(role, 'active'))).toEqual({ member: true, admin: true, owner: true });
    expect(byRole((role) => mayListView(role, 'archived'))).toEqual({ member: true, admin: true, owner: true });
    expect(byRole((role) => mayListView(role, 'all'))).toEqual({ member: false, admin: true, owner: true });
    expect(byRole(invoiceViewsFor)).toEqual({
      member: ['active', 'archived'],
      admin: ['active', 'archived', 'all'],
      owner: ['active', 'archived', 'all'],
    });
  });
});

describe('comment policy', () => {
  it('lets any member read and write, on an invoice that is not deleted', () => {
    expect([COMMENT_READ_ROLE, COMMENT_WRITE_ROLE]).toEqual(['member', 'member']);
    expect(mayComment(LIVE)).toBe(true);
    expect(mayComment(DELETED)).toBe(false);
  });
});

describe('team policy', () => {
  it('lets admins and owners manage the team', () => {
    expect(TEAM_MANAGER_ROLE).toBe('admin');
    expect(byRole(mayManageTeam)).toEqual({ member: false, admin: true, owner: true });
  });
});
