import { z } from 'zod';

/** The name other members see on rosters. */
export const profileNameInput = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
});
export type ProfileNameInput = z.output<typeof profileNameInput>;
