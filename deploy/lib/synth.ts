import { App, type Stack } from "aws-cdk-lib";
import type { GameConfig } from "@phaser-gamelift/local/game-config";
import { GameStack } from "./game-stack.ts";

/** The stack's name: the game's, which CloudFormation accepts as it is (letters, digits, hyphens). */
export const stackName = (config: GameConfig): string => config.game;

/**
 * The app for one game. The stack is bound to the config's Region and to no account (`cdk deploy` brings the
 * account), so synth needs neither credentials nor network, and makes no context lookups.
 */
export function gameApp(config: GameConfig, options: { outdir?: string } = {}): { app: App; stack: GameStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    analyticsReporting: false,
    // CDK checks every template against CloudFormation's rules at synth: a finding fails the synth.
    context: { "@aws-cdk/core:validateAgainstDefaultRules": true },
  });
  const stack = new GameStack(app, stackName(config), { config, env: { region: config.region } });
  return { app, stack };
}

export type { Stack };
