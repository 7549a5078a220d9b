import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { GameConfigError, parseGameConfig } from "./parse.ts";
import type { GameConfig } from "./types.ts";

/**
 * Reads a game's gamelift.config.json: relative paths resolve against the file's folder, and the server folder and
 * entry must exist. Every problem comes back in one GameConfigError; nothing else is thrown for a bad file.
 */
export function loadGameConfig(file: string): GameConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new GameConfigError([{ path: "", message: `cannot read the file: ${(error as Error).message}` }], path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GameConfigError([{ path: "", message: `not JSON: ${(error as Error).message}` }], path);
  }
  return parseGameConfig(json, { baseDir: dirname(path), file: path, checkFiles: true });
}
