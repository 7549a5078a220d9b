export interface SdkLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Warnings and errors to stderr; debug/info are silent unless asked for, as a library should be. */
export function createLogger(overrides: Partial<SdkLogger> = {}, prefix = "[gamelift-sdk]"): SdkLogger {
  const quiet = (): void => {};
  return {
    debug: overrides.debug ?? quiet,
    info: overrides.info ?? quiet,
    warn: overrides.warn ?? ((m) => console.warn(`${prefix} ${m}`)),
    error: overrides.error ?? ((m) => console.error(`${prefix} ${m}`)),
  };
}
