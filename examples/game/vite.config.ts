import { defineConfig } from "vite";
import { gamelift } from "phaser-gamelift/vite";

export default defineConfig({
  plugins: [
    // vite dev: the local AWS stack, and server/main.ts as a local GameLift fleet (restarted when it changes).
    // vite build: phaser-gamelift/config from the deploy's outputs (gamelift.outputs.json), and the server in dist-server/.
    gamelift({ server: "server/main.ts" }),
  ],
});
