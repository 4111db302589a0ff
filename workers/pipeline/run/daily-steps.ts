/** The daily pipeline, in order. Each step is also a CLI command of its own (run/commands.ts). */
import { candidatesGenerate } from '../steps/candidates-generate';
import { evaluate } from '../steps/evaluate';
import { featuresBuild } from '../steps/features-build';
import { modelTrain } from '../steps/model-train';
import { predictRun } from '../steps/predict-run';
import { signalsDerive } from '../steps/signals-derive';
import type { PipelineStep } from '../steps/step';

export const DAILY_STEPS: PipelineStep[] = [signalsDerive, featuresBuild, candidatesGenerate, modelTrain, predictRun, evaluate];
