import type { Operation } from "../../../http/service.ts";
import { ServiceError } from "../../../http/service-error.ts";
import type { UserPoolEnv } from "../env.ts";
import { invalidParameter } from "../errors.ts";
import { optionalString, optionalStringList, optionalStructure, requiredString } from "../input.ts";
import { passwordPolicyFrom } from "../password-policy.ts";
import type { ClientRecord, MfaType, PoolRecord } from "../records.ts";
import { requirePool } from "../users.ts";
import { adminCreateUserOnly, clientSettings, describeClient, oneOf, SIGN_IN_ATTRIBUTES } from "./admin.ts";

const MFA_MODES = ["OFF", "ON", "OPTIONAL"] as const;

/**
 * Changing a pool and its clients after they exist, as a set-up script re-applied to an existing pool does:
 * UpdateUserPool, UpdateUserPoolClient, SetUserPoolMfaConfig, GetUserPoolMfaConfig. As in Cognito, Update* sets
 * every setting it covers: one left out goes back to its default.
 */
export function poolSettingsOperations(env: UserPoolEnv): Record<string, Operation> {
  const save = (pool: PoolRecord) => env.repo.putPool({ ...pool, lastModifiedAt: env.now() });

  function mfaConfigOutput(pool: PoolRecord) {
    const enabled = pool.enabledMfas ?? ["SMS_MFA", "SOFTWARE_TOKEN_MFA"];
    return {
      MfaConfiguration: pool.mfaConfiguration,
      SoftwareTokenMfaConfiguration: { Enabled: enabled.includes("SOFTWARE_TOKEN_MFA") },
      ...(enabled.includes("SMS_MFA") ? { SmsMfaConfiguration: { SmsAuthenticationMessage: "Your authentication code is {####}" } } : {}),
    };
  }

  return {
    UpdateUserPool(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const autoVerified = optionalStringList(input, "AutoVerifiedAttributes") ?? [];
      autoVerified.forEach((a) => oneOf(a, SIGN_IN_ATTRIBUTES, "autoVerifiedAttributes"));
      const mfaConfiguration = oneOf(optionalString(input, "MfaConfiguration"), MFA_MODES, "mfaConfiguration") ?? "OFF";
      const tags = optionalStructure(input, "UserPoolTags");
      save({
        ...pool,
        passwordPolicy: passwordPolicyFrom(optionalStructure(input, "Policies")?.["PasswordPolicy"]),
        mfaConfiguration,
        autoVerifiedAttributes: autoVerified,
        adminCreateUserOnly: adminCreateUserOnly(input),
        ...(tags ? { tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)])) } : {}),
      });
      return {};
    },

    UpdateUserPoolClient(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const clientId = requiredString(input, "ClientId", 128);
      const existing = env.repo.client(clientId);
      if (!existing || existing.poolId !== pool.id) throw new ServiceError("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
      const client: ClientRecord = {
        ...existing,
        clientName: optionalString(input, "ClientName", 128) ?? existing.clientName,
        lastModifiedAt: env.now(),
        ...clientSettings(input),
      };
      env.repo.putClient(client);
      return { UserPoolClient: describeClient(client) };
    },

    SetUserPoolMfaConfig(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const totp = optionalStructure(input, "SoftwareTokenMfaConfiguration");
      const sms = optionalStructure(input, "SmsMfaConfiguration");
      // The call states the whole set-up: a factor left out is off; SmsMfaConfiguration given turns SMS on.
      const current = new Set<MfaType>();
      if (totp?.["Enabled"] === true) current.add("SOFTWARE_TOKEN_MFA");
      if (sms) current.add("SMS_MFA");
      const mfaConfiguration = oneOf(optionalString(input, "MfaConfiguration"), MFA_MODES, "mfaConfiguration") ?? pool.mfaConfiguration;
      if (mfaConfiguration !== "OFF" && current.size === 0) {
        throw invalidParameter("At least one MFA type must be enabled when MFA is ON or OPTIONAL.");
      }
      const updated: PoolRecord = { ...pool, mfaConfiguration, enabledMfas: [...current].sort() };
      save(updated);
      return mfaConfigOutput(updated);
    },

    GetUserPoolMfaConfig(input) {
      return mfaConfigOutput(requirePool(env, requiredString(input, "UserPoolId", 55)));
    },
  };
}
