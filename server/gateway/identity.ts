/**
 * Who a player is: the gateway checks the OpenID token the player's kit got from its identity pool
 * (Cognito GetOpenIdToken) against the issuer's published keys. The token's subject is the player's identity
 * id, which the kit used as the PlayerId of its player session; a player session held by anyone else is
 * worthless to them.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";

/** Cognito Identity's issuer on AWS; its keys are at `${issuer}/.well-known/jwks_uri`. */
export const COGNITO_IDENTITY_ISSUER = "https://cognito-identity.amazonaws.com";

/**
 * Player identity through a Cognito identity pool (PlayerGatewayOptions.identity): each player's hello must
 * carry an OpenID token of the pool (GetOpenIdToken) whose subject is its player session's PlayerId. The
 * issuer's keys are fetched and cached; the token's signature, audience, issuer and times are checked.
 */
export interface CognitoIdentityOptions {
  /** The identity pool (or pools) whose players this server seats: the tokens' audience. */
  identityPoolId: string | readonly string[];
  /**
   * Whose tokens to trust: Cognito Identity on AWS (the default), or the local stack's endpoint (its tokens
   * name it as their issuer, e.g. "http://127.0.0.1:8080").
   */
  issuer?: string;
  /** Where the issuer's public keys are; `${issuer}/.well-known/jwks_uri` by default, as AWS serves them. */
  jwksUrl?: string;
  /** How far the token's times (exp, iat, nbf) may be off this server's clock, in seconds: 60 by default, at most 300. */
  clockToleranceSeconds?: number;
  /** Tokens issued longer ago than this are refused even before they expire (3600 s by default). */
  maxTokenAgeSeconds?: number;
}

/**
 * How players prove who they are. A Cognito identity pool's OpenID tokens, or "unverified": the gateway then
 * takes whoever presents a player session id as that player session's player. Weaker — a leaked or guessed
 * player session id is a seat — and meant only for games that do not use Cognito (see SECURITY.md).
 */
export type PlayerIdentityOption = CognitoIdentityOptions | "unverified";

export interface VerifiedIdentity {
  /** The identity id (the token's subject): what the player session's PlayerId must be. */
  identityId: string;
  /** Signed in with a login (amr "authenticated"), rather than a guest identity. */
  authenticated: boolean;
}

export class IdentityNotProvenError extends Error {
  override readonly name = "IdentityNotProvenError";
}

export interface IdentityVerifier {
  /** Resolves with the proven identity, or rejects with IdentityNotProvenError saying why. */
  verify(token: string | undefined): Promise<VerifiedIdentity>;
  /** Fetches the keys ahead of the first player, so the first join does not wait for them. */
  warm(): Promise<void>;
}

const MAX_CLOCK_TOLERANCE_S = 300;
/** Cognito identity tokens are RS512; the local stack's RS256. Never "none", never a shared secret. */
const ALGORITHMS = ["RS256", "RS384", "RS512"];

/** One key set per URL for the whole process: every game session this process hosts shares its cache. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(url: URL): ReturnType<typeof createRemoteJWKSet> {
  let set = keySets.get(url.href);
  if (!set) {
    // A token with an unknown key id makes jose fetch the keys again, but at most once per cooldown: a flood
    // of forged key ids cannot turn into a flood of requests to the issuer.
    set = createRemoteJWKSet(url, { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    keySets.set(url.href, set);
  }
  return set;
}

export function createIdentityVerifier(options: CognitoIdentityOptions): IdentityVerifier {
  const bad = (message: string): never => {
    throw new TypeError(`identity: ${message}`);
  };
  const pools = typeof options.identityPoolId === "string" ? [options.identityPoolId] : [...(options.identityPoolId ?? [])];
  if (pools.length === 0 || pools.some((p) => typeof p !== "string" || !/^[\w-]+:[0-9a-f-]+$/.test(p))) {
    bad(`identityPoolId must be an identity pool id ("us-west-2:…") or a list of them, got ${JSON.stringify(options.identityPoolId)}`);
  }
  const issuer = (options.issuer ?? COGNITO_IDENTITY_ISSUER).replace(/\/+$/, "");
  let jwksUrl: URL;
  try {
    jwksUrl = new URL(options.jwksUrl ?? `${issuer}/.well-known/jwks_uri`);
  } catch {
    return bad(`jwksUrl (or issuer) is not a URL: ${options.jwksUrl ?? issuer}`);
  }
  if (jwksUrl.protocol !== "https:" && jwksUrl.protocol !== "http:") bad(`jwksUrl must be http(s), got ${jwksUrl.protocol}`);
  const tolerance = options.clockToleranceSeconds ?? 60;
  if (!(tolerance >= 0 && tolerance <= MAX_CLOCK_TOLERANCE_S)) bad(`clockToleranceSeconds must be 0–${MAX_CLOCK_TOLERANCE_S}, got ${tolerance}`);
  const maxAge = options.maxTokenAgeSeconds ?? 3600;
  if (!(maxAge > 0 && Number.isFinite(maxAge))) bad(`maxTokenAgeSeconds must be a positive number, got ${maxAge}`);
  const keys = keySetFor(jwksUrl);

  return {
    async verify(token) {
      if (typeof token !== "string" || token.length === 0) {
        throw new IdentityNotProvenError("the hello carries no identity token; this server seats only players who prove their identity");
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer,
          audience: pools,
          algorithms: ALGORITHMS,
          clockTolerance: tolerance,
          maxTokenAge: maxAge,
          requiredClaims: ["sub", "exp", "iat"],
        }));
      } catch (error) {
        throw new IdentityNotProvenError(`the identity token was refused: ${describe(error)}`, { cause: error });
      }
      const amr = Array.isArray(payload.amr) ? payload.amr : [];
      return { identityId: payload.sub!, authenticated: amr.includes("authenticated") };
    },
    async warm() {
      await keys.reload();
    },
  };
}

/** jose's reason, in a sentence a developer can act on; the token itself is never echoed. */
function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `its ${error.claim} claim does not fit (${error.reason})`;
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches its signature";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not verify";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
