import type { Scope } from '@ramp/api';
import type { Access } from '../../http/access.js';

const ALLOWED: Record<Exclude<Access, 'public'>, readonly Scope[]> = {
  admin: ['admin'],
  read: ['admin', 'read'],
  feed: ['admin', 'sdk', 'read'],
  ingest: ['admin', 'sdk'],
};

/** Whether a token of `scope` may call a route that needs `access`. */
export function allows(access: Access, scope: Scope): boolean {
  return access === 'public' || ALLOWED[access].includes(scope);
}

/** For messages: `admin or read`. */
export function scopesFor(access: Exclude<Access, 'public'>): string {
  return ALLOWED[access].join(' or ');
}
