// The hello's identity token: optional on the wire, a bounded string when present.
import fc from "fast-check";
import { expect, test } from "vitest";
import { LIMITS, parseClientFrame } from "../../../protocol/wire.ts";

const hello = (extra: Record<string, unknown>) => JSON.stringify({ t: "hello", v: 1, playerSessionId: "psess-1", ...extra });

test("a hello with a token keeps it; without one it is still a hello", () => {
  expect(parseClientFrame(hello({ identityToken: "a.b.c" }))).toEqual({ ok: true, frame: { t: "hello", v: 1, playerSessionId: "psess-1", identityToken: "a.b.c" } });
  expect(parseClientFrame(hello({}))).toEqual({ ok: true, frame: { t: "hello", v: 1, playerSessionId: "psess-1" } });
});

test("a token longer than the limit, empty, or not a string is a BadShape", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ minLength: LIMITS.identityTokenLength + 1, maxLength: LIMITS.identityTokenLength + 64 }),
        fc.constant(""),
        fc.integer(),
        fc.boolean(),
        fc.array(fc.string()),
        fc.dictionary(fc.string(), fc.string()),
      ),
      (identityToken) => {
        const parsed = parseClientFrame(hello({ identityToken }));
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error.kind).toBe("BadShape");
      },
    ),
  );
});
