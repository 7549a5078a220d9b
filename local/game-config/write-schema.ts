// Writes local/gamelift.config.schema.json from the parser's schema (`npm run config-schema`); a unit test checks
// the committed file is up to date.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gameConfigJsonSchemaText } from "./json-schema.ts";

const target = fileURLToPath(new URL("../gamelift.config.schema.json", import.meta.url));
writeFileSync(target, gameConfigJsonSchemaText());
console.log(`wrote ${target}`);
