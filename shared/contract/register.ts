import { z } from 'zod';
import type { RegisterStatus } from '../domain.ts';
import { channel, filePath, LIMITS, noInput, text } from './define.ts';

export const registerChannels = {
  /** The register that is open now, or null when none is. */
  'register:status': channel<RegisterStatus | null>()(noInput),
  /** Create a new register file and open it. Refuses a path that exists. */
  'register:create': channel<RegisterStatus>()(
    z.object({ path: filePath, sample: z.boolean().default(false) }).strict(),
  ),
  /** Open an existing register file. */
  'register:open': channel<RegisterStatus>()(z.object({ path: filePath }).strict()),
  /** Ask where to create a register (native save dialog), then create it. Null when cancelled. */
  'register:create-dialog': channel<RegisterStatus | null>()(
    z.object({ sample: z.boolean().default(false) }).strict(),
  ),
  /** Ask which register to open (native open dialog), then open it. Null when cancelled. */
  'register:open-dialog': channel<RegisterStatus | null>()(noInput),
  /** First run: fill the open, empty register with the LGA sample, or start it empty. */
  'register:onboard': channel<RegisterStatus>()(z.object({ choice: z.enum(['sample', 'empty']) }).strict()),
  'register:rename': channel<RegisterStatus>()(
    z.object({ name: text('The register name', LIMITS.registerName, { required: true }) }).strict(),
  ),
} as const;
