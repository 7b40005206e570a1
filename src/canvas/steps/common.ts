import { z } from 'zod';
import { Id } from '../schema-kit.js';

/** Fields every step has. `next` is the following step; leaving it out ends the journey. */
export const stepBase = {
  id: Id,
  name: z.string().max(120).optional(),
};
export const next = Id.optional();
