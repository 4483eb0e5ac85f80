import { z } from 'astro/zod';
import { erratumKinds } from '../components/erratum-schema';
import { batchStrings } from '../islands/BatchLab/strings';
import { digitStrings } from '../islands/DigitPad/strings';
import { explorerStrings } from '../islands/ActivationExplorer/strings';
import { mnistStrings } from '../islands/MnistTrainer/strings';
import { insideStrings } from '../islands/NetworkInside/strings';
import { stepperStrings } from '../islands/NetworkStepper/strings';
import { raceStrings } from '../islands/OptimizerRace/strings';
import { overfitStrings } from '../islands/OverfitLab/strings';
import { downloadStrings, fieldStrings } from '../islands/shared/strings';
import { trainerStrings } from '../islands/ToyTrainer/strings';

const kindLabels = Object.fromEntries(
  erratumKinds.map((kind) => [`erratum.kind.${kind}`, z.string()]),
) as Record<`erratum.kind.${(typeof erratumKinds)[number]}`, z.ZodString>;

const cardKeys = ['architecture', 'architecture-value', 'parameters', 'io', 'input-pixels', 'data', 'data-value', 'training', 'training-value', 'command', 'file', 'files', 'weights', 'size', 'accuracy'] as const;
const seedKeys = ['seed0', 'lowest', 'highest', 'mean', 'pytorch', 'tfjs'] as const;

/**
 * The guide's own UI strings (content/i18n/<lang>.json), on top of Starlight's. Every key is
 * required in every locale file, so a string cannot be left untranslated.
 */
export const uiStrings = z
  .object({
    'site.description': z.string(),
    'og.site': z.string(),
    'og.tagline': z.string(),
    'erratum.label': z.string(),
    'erratum.unverified': z.string(),
    'erratum.said': z.string(),
    'erratum.why': z.string(),
    'erratum.right': z.string(),
    'erratum.note': z.string(),
    'erratum.permalink': z.string(),
    ...kindLabels,
    'errata.total': z.string().includes('{{count}}'),
    ...(Object.fromEntries(cardKeys.map((k) => [`card.${k}`, z.string()])) as Record<`card.${(typeof cardKeys)[number]}`, z.ZodString>),
    'seeds.caption': z.string().includes('{{count}}'),
    // The service worker's offer to reload after a new deploy (src/components/Head.astro → src/browser/offline.ts).
    'update.available': z.string(),
    'update.reload': z.string(),
    'update.later': z.string(),
    ...(Object.fromEntries(seedKeys.map((k) => [`seeds.${k}`, z.string()])) as Record<`seeds.${(typeof seedKeys)[number]}`, z.ZodString>),
  })
  .extend(fieldStrings.shape)
  .extend(downloadStrings.shape)
  .extend(explorerStrings.shape)
  .extend(stepperStrings.shape)
  .extend(trainerStrings.shape)
  .extend(mnistStrings.shape)
  .extend(digitStrings.shape)
  .extend(raceStrings.shape)
  .extend(batchStrings.shape)
  .extend(overfitStrings.shape)
  .extend(insideStrings.shape);
