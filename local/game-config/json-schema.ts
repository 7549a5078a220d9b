import { z } from "zod";
import { gameConfigSchema } from "./schema.ts";

/** The JSON Schema of gamelift.config.json (draft-07, what editors complete from), made from the parser's schema. */
export function gameConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(gameConfigSchema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
  return {
    $schema: schema["$schema"],
    title: "gamelift.config.json",
    description: "A phaser-gamelift game's shared config: the local stack and the CDK app (deploy/) both read it.",
    ...schema,
  };
}

/** The file the package ships (gamelift.config.schema.json), as text. */
export function gameConfigJsonSchemaText(): string {
  return `${JSON.stringify(gameConfigJsonSchema(), null, 2)}\n`;
}
