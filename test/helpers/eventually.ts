/**
 * Polls until the probe gives a value (not undefined/false), or fails after the timeout with what it waited for
 * (and, when given, what `context()` says: recent log lines, say).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
  context?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? `: ${(lastError as Error).message}` : "";
      throw new Error(`timed out waiting for ${what}${detail}${context ? `\n${context()}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
