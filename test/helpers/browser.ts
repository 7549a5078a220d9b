// Debian's Chromium driven by playwright-core: never a downloaded browser.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(process.cwd(), "test-results", "browser");

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install -y chromium); the browser tests are skipped`;
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...extraArgs],
  });
}

/** Saves a screenshot as test-results/browser/<name>.png, one per step, to look at when a test fails. */
export async function snap(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Collects the page's console errors and uncaught exceptions, so a failing test says what the page said. */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}

/** One HTTP answer of 400 or more that the page got. */
export interface FailedResponse {
  method: string;
  /** The path alone: the stack and the page server listen on ports picked per run. */
  path: string;
  status: number;
  /** The AWS JSON protocol's X-Amz-Target ("GameLift.CreatePlayerSession") for calls to the stack. */
  target?: string;
  /** The error the body names: AWS's `__type` or OAuth's `error`. */
  code?: string;
}

/**
 * Chromium logs every answer of 400 and up as a bare "Failed to load resource" console error, which says
 * neither the call nor the reason. For a game that expects some refusals (a device-code poll answered
 * "pending", a join retried while the session activates), this records each failed answer instead; the ones
 * `expected` does not accept come back from `unexpected()`, described, once their bodies are read. Pair it
 * with `withoutFailedLoads` on the console errors.
 */
export function recordFailedResponses(page: Page, expected: (failure: FailedResponse) => boolean): { unexpected(): Promise<string[]> } {
  const checks: Promise<string | undefined>[] = [];
  page.on("response", (response) => {
    if (response.status() < 400) return;
    checks.push(
      (async () => {
        const request = response.request();
        const failure: FailedResponse = {
          method: request.method(),
          path: new URL(response.url()).pathname,
          status: response.status(),
          ...(request.headers()["x-amz-target"] ? { target: request.headers()["x-amz-target"] } : {}),
        };
        const body = await response.text().catch(() => "");
        try {
          const parsed = JSON.parse(body) as { __type?: unknown; error?: unknown };
          const code = typeof parsed.__type === "string" ? parsed.__type.replace(/^.*#/, "") : parsed.error;
          if (typeof code === "string") failure.code = code;
        } catch {
          // Not JSON: the status alone describes it.
        }
        if (expected(failure)) return undefined;
        return `${failure.method} ${failure.path}${failure.target ? ` (${failure.target})` : ""} answered ${failure.status}: ${body.slice(0, 300)}`;
      })(),
    );
  });
  return {
    async unexpected() {
      return (await Promise.all(checks)).filter((c): c is string => c !== undefined);
    },
  };
}

/** The console errors less Chromium's "Failed to load resource" lines, which recordFailedResponses accounts for. */
export function withoutFailedLoads(errors: string[]): string[] {
  return errors.filter((e) => !/^Failed to load resource: the server responded with a status of \d+/.test(e));
}
