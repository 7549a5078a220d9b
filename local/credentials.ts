import { randomBytes } from "node:crypto";
import type { CredentialRecord, CredentialResolver } from "./http/sigv4.ts";

export interface DeveloperCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Developer keys for set-up scripts, shaped like IAM user keys (AKIA + 16, 40-char secret). */
export function generateDeveloperCredentials(): DeveloperCredentials {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const id = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join("");
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString("base64") };
}

/**
 * Every credential source of the stack in one resolver: static developer keys (allowed everything, as an
 * administrator's keys are) and whatever issuers register later (Cognito identity pools).
 */
export class CredentialRegistry implements CredentialResolver {
  private readonly sources: CredentialResolver[] = [];
  private readonly records = new Map<string, CredentialRecord>();

  constructor(accountId: string, developer: DeveloperCredentials) {
    this.records.set(developer.accessKeyId, {
      accessKeyId: developer.accessKeyId,
      secretAccessKey: developer.secretAccessKey,
      principalArn: `arn:aws:iam::${accountId}:user/local-developer`,
      allows: () => true,
    });
  }

  addSource(source: CredentialResolver): void {
    this.sources.push(source);
  }

  resolve(accessKeyId: string): CredentialRecord | undefined {
    const own = this.records.get(accessKeyId);
    if (own) return own;
    for (const source of this.sources) {
      const found = source.resolve(accessKeyId);
      if (found) return found;
    }
    return undefined;
  }
}
