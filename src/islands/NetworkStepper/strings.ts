import { z } from 'astro/zod';

export const stepperStrings = z.object({
  'stepper.title': z.string(),
  'stepper.parameters': z.string(),
  'stepper.inputs': z.string(),
  'stepper.targets': z.string(),
  'stepper.hidden-weights': z.string(),
  'stepper.hidden-biases': z.string(),
  'stepper.output-weights': z.string(),
  'stepper.output-biases': z.string(),
  'stepper.learning-rate': z.string(),
  'stepper.forward': z.string(),
  'stepper.neuron': z.string(),
  'stepper.pre-activation': z.string(),
  'stepper.activation': z.string(),
  'stepper.target': z.string(),
  'stepper.loss': z.string(),
  'stepper.gradients': z.string(),
  'stepper.parameter': z.string(),
  'stepper.value': z.string(),
  'stepper.gradient': z.string(),
  'stepper.step': z.string(),
  'stepper.reset': z.string(),
  'stepper.step-result-down': z.string().includes('{{before}}').includes('{{after}}'),
  'stepper.step-result-up': z.string().includes('{{before}}').includes('{{after}}'),
  'stepper.step-result-same': z.string().includes('{{before}}'),
  'stepper.step-refused': z.string().includes('{{name}}').includes('{{value}}'),
  'stepper.stale': z.string(),
  'stepper.graph': z.string(),
});

export type StepperStrings = z.infer<typeof stepperStrings>;
