/**
 * Resolves once `check` returns true (a check that throws counts as false), polling every
 * 10 ms; fails after `timeoutMs`, naming `what`. Returns how long it took, in ms.
 *
 * @example
 * await within(1_000, () => sdk.isEnabled('checkout') === false, 'the rollback reaches the SDK');
 */
export async function within(
  timeoutMs: number,
  check: () => boolean | Promise<boolean>,
  what = 'condition',
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    ) {
      return performance.now() - started;
    }
    if (performance.now() - started > timeoutMs) {
      throw new Error(`${what}: not true within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
