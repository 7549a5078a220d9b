/**
 * How deep a parsed JSON value nests, checked without recursion: a hostile frame or PlayerData of deep nesting
 * cannot overflow the stack while being checked. Its own module so that the sign-in chunk, which reads player
 * names, does not carry the wire parser with it.
 */

/** True when `root` nests no deeper than `maxDepth` levels of objects and arrays (a scalar is depth 0). */
export function depthWithin(root: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth > maxDepth) return false;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return true;
}
