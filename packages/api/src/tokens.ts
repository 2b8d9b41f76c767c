import { Type, type Static } from 'typebox';

/** `admin` changes anything; `sdk` reads config, streams, evaluates, sends metrics; `read` views. */
export const Scope = { ADMIN: 'admin', SDK: 'sdk', READ: 'read' } as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

export const TokenInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Type.Enum(Object.values(Scope)),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type TokenInfo = Static<typeof TokenInfo>;

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scope: Type.Enum(Object.values(Scope)),
  },
  { additionalProperties: false },
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

/** The secret is shown once, in this reply; only its hash is stored. */
export const CreatedToken = Type.Object({ token: Type.String(), info: TokenInfo });
export type CreatedToken = Static<typeof CreatedToken>;

/** `GET /api/v1/tokens`: every token, revoked ones included (never the secrets). */
export const TokenList = Type.Object({ tokens: Type.Array(TokenInfo) });
export type TokenList = Static<typeof TokenList>;

/** The path parameter of `/api/v1/tokens/:id`. */
export const TokenParams = Type.Object({ id: Type.String() });
export type TokenParams = Static<typeof TokenParams>;
