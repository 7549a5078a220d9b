import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/", "**/dist/", "**/.local/", "test-results/", "cdk.out/"] },
  js.configs.recommended,
  { languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  // The import rules of ARCHITECTURE.md.
  {
    // The local stack talks to the rest over the wire only.
    files: ["local/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/server/**", "**/plugin/**", "**/protocol/**", "**/demo/**", "phaser-gamelift", "phaser-gamelift/*"] }],
    },
  },
  {
    // The CDK app reads the game's config through the local package's loader, and nothing else of the project.
    files: ["deploy/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/server/**", "**/plugin/**", "**/protocol/**", "**/demo/**", "../local/**", "../../local/**", "phaser-gamelift", "phaser-gamelift/*"] }],
    },
  },
  {
    // The server kit shares the wire protocol with the browser kit, and nothing else of it.
    files: ["server/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/local/**", "**/demo/**", "**/plugin/**", "@phaser-gamelift/local"] }],
    },
  },
  {
    // The protocol is the one shared piece: it depends on nothing of the project.
    files: ["protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/local/**", "**/server/**", "**/plugin/**", "**/demo/**", "node:*"] }],
    },
  },
  {
    // What a game ships to the browser: no emulator, no game-server kit.
    files: ["plugin/**/*.ts"],
    ignores: ["plugin/vite/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/local/**", "**/server/**", "**/demo/**", "@phaser-gamelift/local", "node:*"] }],
    },
  },
  {
    // The engine-agnostic core: no Phaser, no Node, nothing of the Phaser adapter.
    files: ["plugin/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["**/local/**", "**/server/**", "**/demo/**", "**/phaser/**", "**/vite/**", "phaser", "@phaser-gamelift/local", "node:*"] },
      ],
    },
  },
  {
    // The demo and the examples use the public entry points, as a game would.
    files: ["demo/**/*.ts", "examples/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/plugin/**", "**/server/**", "**/local/**", "**/protocol/**"] }],
    },
  },
);
