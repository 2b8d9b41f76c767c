import type { Scope, TokenInfo } from '@ramp/api';
import type { AuditSink } from '../../ports/audit-sink.js';

/** A stored token: its public info and the hash of its secret. */
export interface TokenRecord extends TokenInfo {
  readonly hash: string;
  readonly scope: Scope;
}

/** Where tokens are kept. Implemented by KyselyTokenStore (SQLite and PostgreSQL). */
export interface TokenStore {
  /** False (and nothing written) when a token with the same hash is already stored. */
  insert(token: TokenRecord): Promise<boolean>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  findById(id: string): Promise<TokenRecord | undefined>;
  /** Oldest first. */
  list(): Promise<TokenRecord[]>;
  count(): Promise<number>;
  /** Admin tokens that are not revoked. */
  countActiveAdmins(): Promise<number>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(id: string, at: string): Promise<void>;
}

/** The stores a token change writes, in one transaction. */
export interface TokenUnit {
  readonly tokens: TokenStore;
  readonly audit: AuditSink;
}

/** The public part of a record (never the hash). */
export function tokenInfo(record: TokenRecord): TokenInfo {
  return {
    id: record.id,
    name: record.name,
    scope: record.scope,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
  };
}
