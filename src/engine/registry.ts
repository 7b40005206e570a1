/**
 * Step handlers by type tag: an explicit table, no import-time registration. A handler's
 * `arrive` runs when a journey reaches the step; `resume` (waiting steps only) runs when an
 * input wakes the journey there.
 */
import type { StepOf, StepType } from '../canvas/schema.js';
import type { Ignored, Outcome, Run, Wake } from './run.js';
import * as actionPaths from './steps/action_paths.js';
import * as audiencePaths from './steps/audience_paths.js';
import * as decisionSplit from './steps/decision_split.js';
import * as delay from './steps/delay.js';
import * as exit from './steps/exit.js';
import * as experimentPaths from './steps/experiment_paths.js';
import * as message from './steps/message.js';
import * as userUpdate from './steps/user_update.js';
import * as webhook from './steps/webhook.js';

export interface StepHandler<T extends StepType> {
  arrive(step: StepOf<T>, run: Run): Outcome;
  resume?(step: StepOf<T>, run: Run, wake: Wake): Outcome | Ignored;
}

type Registry = { [T in StepType]: StepHandler<T> };

export const HANDLERS: Registry = {
  message,
  action_paths: actionPaths,
  delay,
  decision_split: decisionSplit,
  audience_paths: audiencePaths,
  experiment_paths: experimentPaths,
  user_update: userUpdate,
  webhook,
  exit,
};

export function handlerFor<T extends StepType>(type: T): StepHandler<T> {
  return HANDLERS[type] as StepHandler<T>;
}
