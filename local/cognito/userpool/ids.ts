import { randomInt } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Shaped as Cognito's: `<region>_<9 alphanumerics>`, e.g. us-west-2_aB3dE5fG7. */
export const newUserPoolId = (region: string): string => `${region}_${randomFrom(ALNUM, 9)}`;
/** 26 lowercase alphanumerics, as Cognito app client ids are. */
export const newClientId = (): string => randomFrom(LOWER_ALNUM, 26);
/** 51 lowercase alphanumerics, the length of Cognito's generated client secrets. */
export const newClientSecret = (): string => randomFrom(LOWER_ALNUM, 51);
export const isUserPoolId = (value: string): boolean => /^[\w-]+_[0-9a-zA-Z]+$/.test(value);
/** The part of a pool id after the region: what Cognito's SRP calls the pool name. */
export const srpPoolName = (userPoolId: string): string => userPoolId.slice(userPoolId.indexOf("_") + 1);
