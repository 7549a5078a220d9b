import { MAPS } from "../../shared/maps.ts";
import { ART } from "../art.ts";
import { MapScene } from "./map-scene.ts";

/** The hedge garden: the second map, for sessions created with the game property map=garden. */
export class GardenScene extends MapScene {
  constructor() {
    super("GardenScene", MAPS.garden, { floor: ART.grass, block: ART.hedge, water: ART.water });
  }
}
