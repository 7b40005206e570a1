import type { Canvas, StepOf, StepType } from '../../../../src/canvas/schema';
import type { LoadedTemplate } from '../../api/templates';

/** What every step form gets: its step, the document around it, and a way to change it. */
export interface PanelProps<T extends StepType> {
  step: StepOf<T>;
  doc: Canvas;
  templates: readonly LoadedTemplate[];
  /** Replace the step. Changes with the same `mergeKey` in a row are one undo step. */
  onChange: (step: StepOf<T>, mergeKey?: string) => void;
}
