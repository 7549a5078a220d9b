#!/usr/bin/env node
// phaser-gamelift-local: the local AWS stack's command line (`phaser-gamelift-local start --help`).
import { main } from "./cli.ts";

main(process.argv.slice(2)).then(
  (code) => {
    // `start` resolves only when it has stopped; every other command ends here.
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
