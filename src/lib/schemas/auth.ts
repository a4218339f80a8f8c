import { z } from 'zod';
import { text, textId } from './primitives';

export const signInInput = z.object({
  email: text('Enter your email address.').trim().toLowerCase().pipe(z.email('Enter your email address.')),
  password: text('Enter your password.').min(1, 'Enter your password.').max(200),
});

export const switchOrganizationInput = z.object({
  organizationId: textId('Pick an organization.'),
});

export const demoSignInInput = z.object({ email: z.email() });
