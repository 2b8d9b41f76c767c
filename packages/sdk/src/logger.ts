/** Where the SDK writes its warnings (bad config values, rollbacks). */
export interface Logger {
  warn(message: string): void;
  info?(message: string): void;
}

/** Writes to the console with a `[ramp]` prefix. */
export const consoleLogger: Logger = {
  warn: (message) => console.warn(`[ramp] ${message}`),
  info: (message) => console.info(`[ramp] ${message}`),
};
