import { randomUUID } from 'node:crypto';
import { Scope, type CreatedToken, type CreateTokenBody, type TokenInfo } from '@ramp/api';
import { isoNow, type Clock } from '../../clock.js';
import type { Principal } from '../../http/access.js';
import { AppError, invalidField } from '../../http/app-error.js';
import { SYSTEM_ACTOR } from '../../ports/audit-sink.js';
import type { RunInTransaction } from '../../ports/transaction.js';
import type { FailureLimiter } from './failure-limiter.js';
import { generateToken, hashToken, sameHash } from './token.js';
import { tokenInfo, type TokenRecord, type TokenStore, type TokenUnit } from './token-store.js';

export interface AuthServiceDeps {
  readonly clock: Clock;
  /** For reads outside a transaction (authentication). */
  readonly tokens: TokenStore;
  readonly runInTransaction: RunInTransaction<TokenUnit>;
  readonly limiter: FailureLimiter;
  readonly generate?: () => string;
  /** A token was revoked here (after commit): its open streams end. */
  readonly onRevoked?: ((tokenId: string) => void) | undefined;
}

/** `last_used_at` is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Verified tokens remembered at most this long, so a revocation elsewhere is seen soon. */
const VERIFIED_TTL_MS = 10_000;
/** At most this many verified tokens are remembered (then the memory starts over). */
const VERIFIED_MAX = 1_000;

/** Verifies bearer tokens and manages them (create, list, revoke, the first admin token). */
export class AuthService {
  /** Token hash → its record and when it was read: a hot SDK token costs no query. */
  readonly #verified = new Map<string, { record: TokenRecord; at: number }>();

  constructor(private readonly deps: AuthServiceDeps) {}

  /** The principal of a secret; 401 when missing or unknown, 429 after too many failures. */
  async authenticate(secret: string | undefined, address: string): Promise<Principal> {
    const { limiter } = this.deps;
    if (limiter.isBlocked(address)) {
      const seconds = Math.ceil(limiter.retryAfterMs(address) / 1000);
      throw new AppError('RATE_LIMITED', `too many failed authentications; retry in ${seconds}s`);
    }
    if (secret === undefined) {
      limiter.recordFailure(address);
      throw new AppError('UNAUTHORIZED', 'missing bearer token (Authorization: Bearer <token>)');
    }
    const hash = hashToken(secret);
    const record = await this.#find(hash);
    if (record === undefined || !sameHash(record.hash, hash) || record.revokedAt !== null) {
      limiter.recordFailure(address);
      throw new AppError('UNAUTHORIZED', 'invalid or revoked token');
    }
    await this.#touch(record);
    return { tokenId: record.id, name: record.name, scope: record.scope };
  }

  async #find(hash: string): Promise<TokenRecord | undefined> {
    const now = this.deps.clock.now();
    const remembered = this.#verified.get(hash);
    if (remembered !== undefined && now - remembered.at < VERIFIED_TTL_MS) return remembered.record;
    const record = await this.deps.tokens.findByHash(hash);
    if (record !== undefined && record.revokedAt === null) {
      if (this.#verified.size >= VERIFIED_MAX) this.#verified.clear();
      this.#verified.set(hash, { record, at: now });
    }
    return record;
  }

  /** A token was revoked on another replica: every token is read again on its next use. */
  forgetVerified(): void {
    this.#verified.clear();
  }

  async create(actor: string, body: CreateTokenBody): Promise<CreatedToken> {
    const name = body.name.trim();
    if (name === '') throw invalidField('name', 'must not be blank');
    const secret = (this.deps.generate ?? generateToken)();
    const record = this.#record(name, body.scope, hashToken(secret));
    await this.deps.runInTransaction(async ({ tokens, audit }) => {
      if (!(await tokens.insert(record))) throw new Error('a new token collided with a stored one');
      await audit.append(this.#entry(actor, 'token.create', null, tokenInfo(record)));
    });
    return { token: secret, info: tokenInfo(record) };
  }

  async list(): Promise<TokenInfo[]> {
    return (await this.deps.tokens.list()).map(tokenInfo);
  }

  /** Revokes a token. The last admin token cannot be revoked: nobody could manage Ramp. */
  async revoke(actor: string, id: string): Promise<TokenInfo> {
    const info = await this.deps.runInTransaction(async ({ tokens, audit }) => {
      const before = await tokens.findById(id);
      if (before === undefined) throw new AppError('NOT_FOUND', `no token with id "${id}"`);
      if (before.revokedAt !== null) return tokenInfo(before);
      if (before.scope === Scope.ADMIN && (await tokens.countActiveAdmins()) <= 1) {
        throw new AppError('CONFLICT', 'this is the last admin token; create another first');
      }
      await tokens.revoke(id, isoNow(this.deps.clock));
      this.#verified.delete(before.hash);
      const after = await tokens.findById(id);
      if (after === undefined) throw new Error(`token ${id} vanished while being revoked`);
      await audit.append(this.#entry(actor, 'token.revoke', tokenInfo(before), tokenInfo(after)));
      return tokenInfo(after);
    });
    this.deps.onRevoked?.(id);
    return info;
  }

  /**
   * Makes sure an admin can log in. With a configured secret (RAMP_ADMIN_TOKEN), stores its
   * hash unless present. Otherwise, on an empty store, creates one and returns the secret —
   * the only time it is ever available.
   */
  async ensureAdminToken(configured: string | undefined): Promise<string | undefined> {
    return this.deps.runInTransaction(async ({ tokens, audit }) => {
      if (configured !== undefined) {
        const hash = hashToken(configured);
        // A configured token that was revoked stays revoked.
        if ((await tokens.findByHash(hash)) !== undefined) return undefined;
        await this.#insertAdmin(tokens, audit, hash);
        return undefined;
      }
      if ((await tokens.count()) > 0) return undefined;
      const secret = (this.deps.generate ?? generateToken)();
      await this.#insertAdmin(tokens, audit, hashToken(secret));
      return secret;
    });
  }

  async #insertAdmin(tokens: TokenStore, audit: TokenUnit['audit'], hash: string): Promise<void> {
    const record = this.#record('admin', Scope.ADMIN, hash);
    // Replicas starting together with the same RAMP_ADMIN_TOKEN: one stores and records it.
    if (!(await tokens.insert(record))) return;
    await audit.append(this.#entry(SYSTEM_ACTOR, 'token.create', null, tokenInfo(record)));
  }

  async #touch(record: TokenRecord): Promise<void> {
    const now = this.deps.clock.now();
    const last = record.lastUsedAt === null ? 0 : Date.parse(record.lastUsedAt);
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    const lastUsedAt = new Date(now).toISOString();
    await this.deps.tokens.markUsed(record.id, lastUsedAt);
    const remembered = this.#verified.get(record.hash);
    if (remembered !== undefined) remembered.record = { ...record, lastUsedAt };
  }

  #record(name: string, scope: Scope, hash: string): TokenRecord {
    const createdAt = isoNow(this.deps.clock);
    return { id: randomUUID(), name, scope, hash, createdAt, lastUsedAt: null, revokedAt: null };
  }

  #entry(actor: string, action: string, before: unknown, after: unknown) {
    const at = isoNow(this.deps.clock);
    return { at, actor, action, flag: null, before, after, reason: null };
  }
}
