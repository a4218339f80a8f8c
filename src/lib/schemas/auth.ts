import { z } from 'zod';

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter your email address.')),
  password: z.string().min(1, 'Enter your password.').max(200),
});

export const switchOrganizationInput = z.object({
  organizationId: z.string().min(1, 'Pick an organization.').max(100),
});

export const demoSignInInput = z.object({ email: z.email() });
