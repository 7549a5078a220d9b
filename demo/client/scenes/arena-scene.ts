import { MAPS } from "../../shared/maps.ts";
import { ART } from "../art.ts";
import { MapScene } from "./map-scene.ts";

/** The crate arena: where sessions start unless they ask for another map, and where quick matches play. */
export class ArenaScene extends MapScene {
  constructor() {
    super("ArenaScene", MAPS.arena, { floor: ART.floor, block: ART.crate });
  }
}
