/**
 * Where the server SDK's own messages go ({@link GameLiftServerSdkOptions.logger}): give your server's logger, or
 * the levels you want. By default warnings and errors go to stderr and debug/info are silent.
 */
export interface SdkLogger {
  /** Frame-level detail, for finding a fault. */
  debug(message: string): void;
  /** Normal events worth a line (connected, reconnected). */
  info(message: string): void;
  /** Something went wrong and the SDK carried on (a heartbeat that failed, a game callback that threw). */
  warn(message: string): void;
  /** Something failed that the game should look at (a shutdown task, a refresh of the connection). */
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
