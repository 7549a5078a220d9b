// Writes the demo's static art into assets/ (served as the demo's public dir). The in-game art is drawn at boot
// (demo/client/art.ts); this is what a page needs before the game runs: the favicon.
//   node --import tsx scripts/make-assets.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const assets = fileURLToPath(new URL("../assets/", import.meta.url));

/** The arena's crate, the demo's emblem: a square with a frame and two braces. */
function crateSvg(size: number): string {
  const frame = size / 12;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${frame}" fill="#8a5a2b"/>
  <rect x="${frame}" y="${frame}" width="${size - 2 * frame}" height="${size - 2 * frame}" fill="none" stroke="#5e3b18" stroke-width="${frame}"/>
  <path d="M${frame * 2} ${frame * 2}L${size - frame * 2} ${size - frame * 2}M${size - frame * 2} ${frame * 2}L${frame * 2} ${size - frame * 2}" stroke="#5e3b18" stroke-width="${frame * 0.9}" stroke-linecap="round"/>
  <circle cx="${size * 0.72}" cy="${size * 0.3}" r="${size * 0.16}" fill="#ffb648" stroke="#1b1300" stroke-width="${frame * 0.5}"/>
</svg>
`;
}

mkdirSync(assets, { recursive: true });
writeFileSync(`${assets}favicon.svg`, crateSvg(64));
console.log(`wrote ${assets}favicon.svg`);
