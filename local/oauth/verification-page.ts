import type { DecisionResult, DeviceAuthorizations, ProviderId } from "./device-authorizations.ts";
import { escapeHtml } from "./http-io.ts";

const PROVIDER_TITLES: Record<ProviderId, string> = { amazon: "Login with Amazon (local)", google: "Google (local)" };

export const DEFAULT_USER_NAME = "tester";

/** The page where a tester types the user code shown on the device and approves or denies it. */
export function verificationForm(action: string, provider: ProviderId | undefined, userCode = "", notice = ""): string {
  const title = provider ? PROVIDER_TITLES[provider] : "Local device sign-in";
  return page(
    title,
    `${notice ? `<p class="notice">${escapeHtml(notice)}</p>` : ""}
<form method="post" action="${escapeHtml(action)}">
  <label>Code shown on your device <input name="user_code" value="${escapeHtml(userCode)}" autocomplete="off" autofocus required></label>
  <label>Sign in as <input name="user_name" value="${DEFAULT_USER_NAME}" autocomplete="off"></label>
  <p class="hint">The same name always signs in as the same user.</p>
  <button name="decision" value="approve">Approve</button>
  <button name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** The answer after Approve or Deny: what happened, in words a tester can act on. */
export function decisionPage(result: DecisionResult, approved: boolean, action: string, provider: ProviderId | undefined): { status: number; html: string } {
  switch (result.kind) {
    case "recorded":
      return {
        status: 200,
        html: page(
          PROVIDER_TITLES[result.authorization.provider],
          approved
            ? `<p class="ok">Approved. Return to your device: it signs in at its next poll.</p>`
            : `<p class="denied">Denied. The device is told access_denied at its next poll.</p>`,
        ),
      };
    case "unknown_code":
      return { status: 404, html: verificationForm(action, provider, "", "That code is not known here. Check it against the device, or start the sign-in again on the device.") };
    case "expired":
      return { status: 410, html: verificationForm(action, provider, "", "That code has expired. Start the sign-in again on the device to get a new one.") };
    case "already_decided":
      return {
        status: 409,
        html: verificationForm(action, provider, "", `That code was already ${result.approved ? "approved" : "denied"}. Start a new sign-in on the device to change the answer.`),
      };
  }
}

/** Applies a decision from the page or the JSON test endpoint. */
export function decide(authorizations: DeviceAuthorizations, provider: ProviderId | undefined, userCode: string, approve: boolean, userName: string): DecisionResult {
  const found = authorizations.find(userCode);
  // A provider's own page only knows its own codes, as the real verification sites do.
  if (!found || (provider !== undefined && found.provider !== provider)) return { kind: "unknown_code" };
  return authorizations.decide(userCode, approve ? { approved: true, userName } : { approved: false });
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:1rem 0}input{display:block;width:100%;padding:.5rem;font-size:1.2rem;box-sizing:border-box}
button{padding:.6rem 1.4rem;font-size:1rem;margin-right:.5rem}.hint{color:#666;font-size:.9rem}
.notice{background:#fff3cd;padding:.75rem}.ok{background:#d1e7dd;padding:.75rem}.denied{background:#f8d7da;padding:.75rem}
</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}
