// Smithy RPC v2 CBOR requests as other AWS SDKs send them: encoded with the Smithy CBOR codec and signed
// with the AWS signer.
import { Sha256 } from "@aws-crypto/sha256-js";
import { cbor } from "@smithy/core/cbor";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface CborAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded CBOR is untyped by nature
  body: any;
  headers: Headers;
}

export function cborClient(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region, service: "gamelift", sha256: Sha256 });
  return async function call(operation: string, input: Record<string, unknown>): Promise<CborAnswer> {
    const path = `/service/GameLift/operation/${operation}`;
    const body = cbor.serialize(input);
    const signed = await signer.sign(
      new HttpRequest({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path,
        headers: { host: url.host, "content-type": "application/cbor", accept: "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
        body,
      }),
    );
    const res = await fetch(`${endpoint}${path}`, { method: "POST", headers: signed.headers as Record<string, string>, body: Buffer.from(body) });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body: bytes.byteLength ? cbor.deserialize(bytes) : undefined };
  };
}

/** Decoded tag-1 timestamps arrive as { tag: 1, value: seconds }. */
export function epochSeconds(value: unknown): number {
  const tagged = value as { tag?: number; value?: number };
  if (tagged?.tag !== 1 || typeof tagged.value !== "number") throw new Error(`not a CBOR timestamp: ${JSON.stringify(value)}`);
  return tagged.value;
}
