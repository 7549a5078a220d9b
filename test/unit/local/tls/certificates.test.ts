// The local CA and server certificate: valid for the hosts asked, chained to the CA, kept across calls, made anew
// when they no longer fit.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { ensureLocalCertificates, spkiSha256 } from "../../../../local/tls/certificates.ts";
import { loadServerTls } from "../../../../server/gateway/tls.ts";

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "local-tls-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test("a server certificate for localhost, 127.0.0.1 and ::1, signed by the local CA, for server authentication", () => {
  const made = ensureLocalCertificates(fresh());
  const cert = new X509Certificate(readFileSync(made.certificatePath));
  const ca = new X509Certificate(readFileSync(made.caPath));
  expect(cert.verify(ca.publicKey)).toBe(true);
  expect(cert.checkHost("localhost")).toBe("localhost");
  expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
  expect(cert.checkIP("::1")).toBeDefined();
  expect(cert.checkHost("example.com")).toBeUndefined();
  expect(ca.ca).toBe(true);
  expect(cert.ca).toBe(false);
  expect(cert.keyUsage).toContain("1.3.6.1.5.5.7.3.1");
  expect(made.spkiSha256).toBe(spkiSha256(readFileSync(made.certificatePath, "utf8")));
});

test("kept across calls; made anew (by the same CA) when the hosts change, a fresh set when a file is broken", () => {
  const dir = fresh();
  const first = ensureLocalCertificates(dir);
  const again = ensureLocalCertificates(dir);
  expect(again.spkiSha256).toBe(first.spkiSha256);
  const caBefore = readFileSync(first.caPath, "utf8");
  const wider = ensureLocalCertificates(dir, ["localhost", "game.test", "127.0.0.1"]);
  expect(wider.spkiSha256).not.toBe(first.spkiSha256);
  expect(readFileSync(wider.caPath, "utf8")).toBe(caBefore);
  expect(new X509Certificate(readFileSync(wider.certificatePath)).checkHost("game.test")).toBe("game.test");
  writeFileSync(join(dir, "certificate.pem"), "not a certificate");
  expect(new X509Certificate(readFileSync(ensureLocalCertificates(dir).certificatePath)).checkHost("localhost")).toBe("localhost");
});

test("the gateway reads the set from the certificate's path or its folder: the certificate, then the chain, and the key", async () => {
  const made = ensureLocalCertificates(fresh());
  for (const path of [made.certificatePath, made.dir]) {
    const tls = await loadServerTls(path);
    const pems = String(tls.cert).match(/-----BEGIN CERTIFICATE-----/g) ?? [];
    expect(pems).toHaveLength(2);
    expect(String(tls.cert).startsWith(readFileSync(made.certificatePath, "utf8").trim())).toBe(true);
    expect(String(tls.key)).toContain("PRIVATE KEY");
  }
  await expect(loadServerTls(join(made.dir, "missing.pem"))).rejects.toThrow();
});
