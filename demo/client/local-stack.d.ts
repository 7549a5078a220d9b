declare module "virtual:phaser-gamelift/local-stack" {
  /** The part of .local/stack.json the browser may see (the dev server picks these fields, never the developer keys). */
  export interface BrowserStackConfig {
    endpoint: string;
    region: string;
    fleet?: { fleetId?: string; aliasId?: string; location?: string };
    cognito?: { userPoolId?: string; appClientId?: string; identityPoolId?: string; users?: { username: string; password: string }[] };
    /** Device-code providers the stack serves, by the kit's provider names. */
    providers?: { loginWithAmazon?: { clientId: string }; google?: { clientId: string } };
    mailbox?: string;
  }
  /** Null when no local stack was running as the dev server started (`npm start` writes .local/stack.json). */
  const stack: BrowserStackConfig | null;
  export default stack;
}
