#!/usr/bin/env node
// The package ships TypeScript sources; tsx's loader runs them without a build step.
import { register } from "tsx/esm/api";

register();
const [command, ...rest] = process.argv.slice(2);
if (command !== "local") {
  console.error("usage: phaser-gamelift local <start|help> [options]");
  process.exit(command === undefined || command === "help" || command === "--help" ? 0 : 2);
}
const { main } = await import("../local/cli.ts");
process.exitCode = await main(rest);
