/**
 * A local certificate authority and a server certificate for the local fleet's computes, so game servers serve
 * wss:// as on a GameLift fleet with TLS, and a browser or Node client trusts it by trusting the local CA alone.
 * Made once and kept (a developer who trusted the CA keeps trusting it across restarts); made anew when missing,
 * unreadable, not covering the hosts, or close to expiry.
 *
 * The folder follows the certificate set GameLift puts on a managed fleet's instances: certificate.pem,
 * certificateChain.pem, privateKey.pem, rootCertificate.pem; the CA's key beside them, readable by the owner only.
 */
import { createHash, generateKeyPairSync, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import forge from "node-forge";

export interface LocalCertificates {
  /** The folder holding the set. */
  dir: string;
  /** The server certificate: what the fleet registers as its computes' CertificatePath. */
  certificatePath: string;
  /** The local CA's certificate: what a client trusts (Node's `ca` option, NODE_EXTRA_CA_CERTS, a browser). */
  caPath: string;
  /** The names and addresses the certificate is valid for. */
  hosts: string[];
  /** base64 SHA-256 of the server certificate's public key (SPKI): Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
  notAfter: Date;
}

export const DEFAULT_TLS_HOSTS = ["localhost", "127.0.0.1", "::1"];
const FILES = {
  certificate: "certificate.pem",
  chain: "certificateChain.pem",
  key: "privateKey.pem",
  root: "rootCertificate.pem",
  rootKey: "rootPrivateKey.pem",
} as const;
/** A certificate with less life than this left is made anew. */
const RENEW_BEFORE_MS = 7 * 24 * 3_600_000;
const SERVER_LIFETIME_DAYS = 365;
const CA_LIFETIME_DAYS = 3650;

/** The set in `dir` for `hosts`, made (or renewed) when needed. */
export function ensureLocalCertificates(dir: string, hosts: readonly string[] = DEFAULT_TLS_HOSTS): LocalCertificates {
  const existing = readSet(dir, hosts);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = readCa(dir) ?? makeCa();
  const server = makeServerCertificate(ca, hosts);
  const caPem = forge.pki.certificateToPem(ca.cert);
  write(join(dir, FILES.root), caPem, 0o644);
  write(join(dir, FILES.rootKey), forge.pki.privateKeyToPem(ca.key), 0o600);
  write(join(dir, FILES.certificate), forge.pki.certificateToPem(server.cert), 0o644);
  write(join(dir, FILES.chain), caPem, 0o644);
  write(join(dir, FILES.key), forge.pki.privateKeyToPem(server.key), 0o600);
  const made = readSet(dir, hosts);
  if (!made) throw new Error(`the certificates just written to ${dir} could not be read back`);
  return made;
}

/** base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo. */
export function spkiSha256(certificatePem: string): string {
  const der = new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

function readSet(dir: string, hosts: readonly string[]): LocalCertificates | undefined {
  try {
    const certificatePath = join(dir, FILES.certificate);
    const caPath = join(dir, FILES.root);
    const pem = readFileSync(certificatePath, "utf8");
    const cert = new X509Certificate(pem);
    const ca = new X509Certificate(readFileSync(caPath, "utf8"));
    readFileSync(join(dir, FILES.key), "utf8");
    const notAfter = new Date(cert.validTo);
    if (notAfter.getTime() - Date.now() < RENEW_BEFORE_MS || new Date(ca.validTo).getTime() - Date.now() < RENEW_BEFORE_MS) return undefined;
    if (!cert.verify(ca.publicKey) || !hosts.every((h) => (isIP(h) ? cert.checkIP(h) : cert.checkHost(h)))) return undefined;
    return { dir, certificatePath, caPath, hosts: [...hosts], spkiSha256: spkiSha256(pem), notAfter };
  } catch {
    return undefined;
  }
}

interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

function readCa(dir: string): Issuer | undefined {
  try {
    const cert = forge.pki.certificateFromPem(readFileSync(join(dir, FILES.root), "utf8"));
    const key = forge.pki.privateKeyFromPem(readFileSync(join(dir, FILES.rootKey), "utf8"));
    if (cert.validity.notAfter.getTime() - Date.now() < RENEW_BEFORE_MS) return undefined;
    return { cert, key };
  } catch {
    return undefined;
  }
}

function makeCa(): Issuer {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + CA_LIFETIME_DAYS * 86_400_000);
  const name = [
    { name: "commonName", value: "phaser-gamelift local CA" },
    { name: "organizationName", value: "phaser-gamelift local stack (development only)" },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function makeServerCertificate(ca: Issuer, hosts: readonly string[]): Issuer {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + SERVER_LIFETIME_DAYS * 86_400_000);
  cert.setSubject([{ name: "commonName", value: hosts[0] ?? "localhost" }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/** RSA 2048 from Node's crypto (node-forge's own generator is pure JavaScript, seconds slower). */
function rsaKeys(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey, privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey };
}

/** A positive serial number: 16 random bytes with the top bit clear. */
function serial(): string {
  const hex = forge.util.bytesToHex(forge.random.getBytesSync(16));
  return (Number.parseInt(hex[0]!, 16) & 0x7).toString(16) + hex.slice(1);
}

function write(path: string, text: string, mode: number): void {
  writeFileSync(path, text, { mode });
  if (existsSync(path)) chmodSync(path, mode);
}
