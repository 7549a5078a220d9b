// The fleet launcher's option checks, made before it calls GameLift at all.
import { expect, test } from "vitest";
import { launchFleet, type LaunchFleetOptions } from "../../../../local/fleet/launcher.ts";

const options = (overrides: Partial<LaunchFleetOptions>): LaunchFleetOptions => ({
  // Nothing listens here: a check that passed would fail on the network instead, with another error.
  endpoint: "http://127.0.0.1:9",
  region: "us-west-2",
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "x" },
  fleetName: "checked",
  location: "custom-checks",
  processes: 2,
  command: process.execPath,
  basePort: 0,
  ipAddress: "127.0.0.1",
  ...overrides,
});

test("basePort is 0 (free ports) or starts a range of ports that ends by 60000", async () => {
  for (const basePort of [-1, 1.5, 60_000, 70_000]) {
    await expect(launchFleet(options({ basePort })), String(basePort)).rejects.toThrow(/^launchFleet: basePort/);
  }
});

test("processes, command, address, name and compute name are checked", async () => {
  await expect(launchFleet(options({ processes: -1 }))).rejects.toThrow(/processes must be an integer/);
  await expect(launchFleet(options({ processes: 201 }))).rejects.toThrow(/processes must be an integer/);
  await expect(launchFleet(options({ command: "" }))).rejects.toThrow(/command is required/);
  await expect(launchFleet(options({ ipAddress: "" }))).rejects.toThrow(/ipAddress is required/);
  await expect(launchFleet(options({ fleetName: "" }))).rejects.toThrow(/fleetName is required/);
  await expect(launchFleet(options({ computeName: "no spaces" }))).rejects.toThrow(/computeName must match/);
});
