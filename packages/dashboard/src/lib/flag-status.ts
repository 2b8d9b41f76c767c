import type { Flag, KillAllState } from '@ramp/api';

/** How a flag stands for users, in one word. */
export const FlagState = {
  ON: 'on',
  ROLLING_OUT: 'rolling-out',
  OFF: 'off',
  ROLLED_BACK: 'rolled-back',
  KILLED: 'killed',
} as const;
export type FlagState = (typeof FlagState)[keyof typeof FlagState];

export const flagStateLabel: Record<FlagState, string> = {
  on: 'On',
  'rolling-out': 'Rolling out',
  off: 'Off',
  'rolled-back': 'Rolled back',
  killed: 'Killed',
};

/** The percentage sessions actually get: 0 when the flag is off. */
export function effectivePercentage(flag: Flag): number {
  return flag.enabled ? flag.percentage : 0;
}

/** The flag's last change was a rollback (nothing has changed it since). */
export function isRolledBack(flag: Flag): boolean {
  const last = flag.rollbackHistory.at(-1);
  return last !== undefined && last.timestamp === flag.updatedAt;
}

export function flagState(flag: Flag, killAll: KillAllState): FlagState {
  if (killAll.active) return FlagState.KILLED;
  if (isRolledBack(flag)) return FlagState.ROLLED_BACK;
  const percentage = effectivePercentage(flag);
  if (percentage >= 100) return FlagState.ON;
  if (percentage <= 0) return FlagState.OFF;
  return FlagState.ROLLING_OUT;
}
