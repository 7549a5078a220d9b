/**
 * The scene a server's map key plays in. The key comes from the game server (and, through game properties,
 * possibly from whoever created the session), so only the game's own entries count: a map named
 * "constructor" or "__proto__" must not find Object.prototype's members. No Phaser here, so it is testable alone.
 */
export function sceneForMap(maps: Readonly<Record<string, string>>, map: string, fallbackScene?: string): string | undefined {
  const own = Object.hasOwn(maps, map) ? maps[map] : undefined;
  return typeof own === "string" && own !== "" ? own : fallbackScene;
}
