// The README's code is the code in examples/: every TypeScript block in the README names the file it shows
// (`<!-- example: path -->` on the line before it) and is that file, character for character. The files are
// type-checked with the rest of the repository, and run by the examples and packaging tests.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const readme = readFileSync(`${repo}README.md`, "utf8");

interface Block {
  line: number;
  language: string;
  file?: string;
  code: string;
}

function codeBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that never closes`);
    const marker = /^<!-- example: (\S+) -->$/.exec(lines[i - 1] ?? "");
    blocks.push({ line: i + 1, language: open[1]!, ...(marker ? { file: marker[1] } : {}), code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

describe("README code blocks", () => {
  const blocks = codeBlocks(readme);

  test("every TypeScript block names its file in examples/", () => {
    const unnamed = blocks.filter((b) => b.language === "ts" && !b.file).map((b) => `README.md:${b.line}`);
    expect(unnamed).toEqual([]);
    expect(blocks.filter((b) => b.file).length).toBeGreaterThanOrEqual(5);
  });

  test.each(blocks.filter((b) => b.file).map((b) => [b.file!, b] as const))("%s is shown as it is", (file, block) => {
    expect(file.startsWith("examples/"), `${file} lives under examples/`).toBe(true);
    expect(existsSync(`${repo}${file}`), `${file} exists`).toBe(true);
    expect(block.code).toBe(readFileSync(`${repo}${file}`, "utf8").replace(/\n$/, ""));
  });
});
