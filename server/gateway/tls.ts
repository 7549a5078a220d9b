/**
 * The compute's TLS certificate, where GetComputeCertificate says it is. GameLift's managed fleets keep a
 * certificate set in one folder (certificate.pem, certificateChain.pem, privateKey.pem, rootCertificate.pem); an
 * Anywhere compute's CertificatePath is whatever the operator registered. Accepted here: that folder, a file in
 * it (its privateKey.pem beside it), or one PEM file holding the certificate chain and the key.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface ServerTls {
  /** The certificate, followed by its chain, PEM. */
  cert: string | Buffer;
  key: string | Buffer;
}

const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function loadServerTls(certificatePath: string): Promise<ServerTls> {
  const folder = (await stat(certificatePath)).isDirectory();
  const dir = folder ? certificatePath : dirname(certificatePath);
  const certFile = folder ? join(dir, "certificate.pem") : certificatePath;
  const text = await readFile(certFile, "utf8");
  const certificates = text.match(CERTIFICATE) ?? [];
  if (certificates.length === 0) throw new Error(`${certFile} holds no PEM certificate`);
  const key = text.match(PRIVATE_KEY)?.[0] ?? (await readFile(join(dir, "privateKey.pem"), "utf8")).match(PRIVATE_KEY)?.[0];
  if (!key) throw new Error(`no PEM private key in ${certFile} or ${join(dir, "privateKey.pem")}`);
  // The chain goes after the certificate, so clients that trust only the root can build the path.
  const chain = certificates.length > 1 ? [] : ((await readOptional(join(dir, "certificateChain.pem"))).match(CERTIFICATE) ?? []);
  const leaf = certificates[0]!;
  const rest = [...certificates.slice(1), ...chain.filter((c) => c !== leaf)];
  return { cert: [leaf, ...rest].join("\n") + "\n", key: key + "\n" };
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}
