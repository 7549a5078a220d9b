/**
 * What a host agent learns from GameLift about the server processes it runs: which are connected, which wait to
 * reconnect, and which the service has let go (and whether it ended them or they ended themselves). On a managed
 * fleet GameLift's own host software gets this and stops the processes the service let go; locally the fleet
 * launcher asks for it here. A local-only, read-only route, not part of the GameLift API:
 * `GET /_local/gamelift/processes?FleetId=<id>&ComputeName=<name>`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { fleetIdOf } from "./ids.ts";
import type { GameLiftModel } from "./model/gamelift-model.ts";

export const PROCESS_STATUS_PATH = "/_local/gamelift/processes";

export type ProcessStatus = "CONNECTED" | "ACTIVE" | "DISCONNECTED" | "ENDED";

export interface ProcessStatusRecord {
  ProcessId: string;
  /** CONNECTED: connected, ProcessReady not called yet; ACTIVE: ready; DISCONNECTED: waiting for its SDK to reconnect. */
  Status: ProcessStatus;
  /** For ENDED: PROCESS (ProcessEnding, or it closed its connection) or SERVICE (terminated, timed out, deregistered). */
  EndedBy?: "PROCESS" | "SERVICE";
  EndReason?: string;
  /** Epoch ms. */
  EndedAt?: number;
}

export function processStatusHandler(model: GameLiftModel) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://local");
    if (url.pathname !== PROCESS_STATUS_PATH) return false;
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET") {
      answer(405, { message: `${PROCESS_STATUS_PATH} answers GET only` });
      return true;
    }
    const fleetId = url.searchParams.get("FleetId");
    const computeName = url.searchParams.get("ComputeName");
    if (!fleetId || !computeName || fleetId.length > 512 || computeName.length > 1024) {
      answer(400, { message: "FleetId and ComputeName are required" });
      return true;
    }
    const id = fleetIdOf(fleetId);
    const processes: ProcessStatusRecord[] = model.processes.ofCompute(id, computeName).map((p) => ({
      ProcessId: p.id,
      Status: p.channel === undefined ? "DISCONNECTED" : p.state === "ACTIVE" ? "ACTIVE" : "CONNECTED",
    }));
    for (const [processId, end] of model.processes.ended) {
      if (end.fleetId !== id || end.computeName !== computeName || model.processes.byId.has(processId)) continue;
      processes.push({ ProcessId: processId, Status: "ENDED", EndedBy: end.by === "process" ? "PROCESS" : "SERVICE", EndReason: end.reason, EndedAt: end.at });
    }
    answer(200, { FleetId: id, ComputeName: computeName, Processes: processes });
    return true;
  };
}
