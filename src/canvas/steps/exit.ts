/**
 * `exit`: the journey ends here. (Leaving `next` out of any step ends it too; an explicit
 * exit step names the ending in analytics.)
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { strict } from '../schema-kit.js';
import { stepBase } from './common.js';

export const example = `
- { id: done, type: exit, name: "Feedback collected" }
`;

export const ExitStep = strict({ ...stepBase, type: z.literal('exit') }, 'exit field');
export type ExitStep = z.infer<typeof ExitStep>;
