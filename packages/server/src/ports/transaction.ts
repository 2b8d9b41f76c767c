/**
 * Runs `work` with the stores of one transaction; commits when it resolves, rolls back when
 * it throws. Each feature names the stores it needs (`Unit`); app.ts binds them.
 */
export type RunInTransaction<Unit> = <T>(work: (unit: Unit) => Promise<T>) => Promise<T>;
