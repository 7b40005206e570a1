/**
 * Every step type, listed once. The type tag, the file name and the engine's handler share a
 * name (`action_paths` ↔ action_paths.ts ↔ engine/steps/action_paths.ts ↔ engine/steps/testdata/action_paths.test.yaml).
 */
import * as actionPaths from './action_paths.js';
import * as audiencePaths from './audience_paths.js';
import * as decisionSplit from './decision_split.js';
import * as delay from './delay.js';
import * as exit from './exit.js';
import * as experimentPaths from './experiment_paths.js';
import * as message from './message.js';
import * as userUpdate from './user_update.js';
import * as webhook from './webhook.js';

export const STEP_SCHEMAS = [
  message.MessageStep,
  actionPaths.ActionPathsStep,
  delay.DelayStep,
  decisionSplit.DecisionSplitStep,
  audiencePaths.AudiencePathsStep,
  experimentPaths.ExperimentPathsStep,
  userUpdate.UserUpdateStep,
  webhook.WebhookStep,
  exit.ExitStep,
] as const;

export const STEP_TYPES = [
  'message',
  'action_paths',
  'delay',
  'decision_split',
  'audience_paths',
  'experiment_paths',
  'user_update',
  'webhook',
  'exit',
] as const;

/** The documented example of each step type (a YAML list of steps). */
export const STEP_EXAMPLES: Record<(typeof STEP_TYPES)[number], string> = {
  message: message.example,
  action_paths: actionPaths.example,
  delay: delay.example,
  decision_split: decisionSplit.example,
  audience_paths: audiencePaths.example,
  experiment_paths: experimentPaths.example,
  user_update: userUpdate.example,
  webhook: webhook.example,
  exit: exit.example,
};
