import type { IncomingMessage, ServerResponse } from "node:http";
import type { DurableStore } from "../store/durable-store.ts";

/**
 * The dev mailbox: where the local stack "sends" confirmation codes, password-reset codes, invitations and SMS
 * MFA codes. Each message is printed on stdout and kept in the durable store, so a test (or a developer) reads the
 * code over HTTP:
 *   GET /_local/mailbox[?to=<address or phone>]    every message, oldest first
 *   GET /_local/mailbox/latest?to=<address>         the newest message to that address (with its `code`)
 *   GET /_local/mailbox.html                        the same list as a page
 */
export interface MailboxMessage {
  id: number;
  to: string;
  medium: "EMAIL" | "SMS";
  subject?: string;
  body: string;
  /** The code the message carries, if any, so tests need not parse the body. */
  code?: string;
  sentAt: string;
}

export type OutgoingMessage = Omit<MailboxMessage, "id" | "sentAt">;

const COLLECTION = "mailbox";

export class Mailbox {
  private nextId: number;

  private readonly store: DurableStore;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  constructor(
    store: DurableStore,
    now: () => number = Date.now,
    log: (line: string) => void = (line) => console.log(line),
  ) {
    this.store = store;
    this.now = now;
    this.log = log;
    this.nextId = Math.max(0, ...store.values<MailboxMessage>(COLLECTION).map((m) => m.id)) + 1;
  }

  /** Durable before it returns, like the service call that sends it. */
  deliver(message: OutgoingMessage): MailboxMessage {
    const stored: MailboxMessage = { id: this.nextId++, ...message, sentAt: new Date(this.now()).toISOString() };
    this.store.put(COLLECTION, String(stored.id).padStart(12, "0"), stored);
    this.log(`[mailbox] to ${stored.to}: ${stored.body}`);
    return stored;
  }

  list(to?: string): MailboxMessage[] {
    const all = this.store.values<MailboxMessage>(COLLECTION).sort((a, b) => a.id - b.id);
    return to === undefined ? all : all.filter((m) => sameAddress(m.to, to));
  }

  latest(to: string): MailboxMessage | undefined {
    return this.list(to).at(-1);
  }

  /** Plain-HTTP routes; resolves false for paths that are not the mailbox's. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://local");
    const route = url.pathname;
    if (route !== "/_local/mailbox" && route !== "/_local/mailbox/latest" && route !== "/_local/mailbox.html") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { message: "The mailbox is read with GET." }, { allow: "GET, HEAD" });
      return true;
    }
    const to = url.searchParams.get("to") ?? undefined;
    if (route === "/_local/mailbox") {
      sendJson(res, 200, { messages: this.list(to) });
    } else if (route === "/_local/mailbox/latest") {
      if (to === undefined) sendJson(res, 400, { message: "Name the recipient: /_local/mailbox/latest?to=<address or phone>" });
      else {
        const message = this.latest(to);
        if (message) sendJson(res, 200, message);
        else sendJson(res, 404, { message: `No message to ${to}` });
      }
    } else {
      const body = renderPage(this.list(to).reverse());
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(body) });
      res.end(body);
    }
    return true;
  }
}

/** Email addresses compare case-insensitively; phone numbers ignore spacing and dashes. */
function sameAddress(a: string, b: string): boolean {
  const norm = (s: string) => (s.includes("@") ? s.trim().toLowerCase() : s.replace(/[\s()-]/g, ""));
  return norm(a) === norm(b);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function renderPage(messages: MailboxMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.sentAt)}</td><td>${m.medium}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.body)}</td>` +
        `<td><code>${escapeHtml(m.code ?? "")}</code></td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Local mailbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style>
</head><body><h1>Local mailbox</h1><p>${messages.length} message(s), newest first.</p>
<table><thead><tr><th>Sent</th><th>Medium</th><th>To</th><th>Message</th><th>Code</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
}
