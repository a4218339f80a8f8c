import { z } from 'zod';

export const customerInput = z.object({
  id: z.preprocess((v) => (v === '' ? undefined : v), z.guid({ error: 'Not a valid customer id.' }).optional()),
  name: z.string().trim().min(1, 'Enter the customer name.').max(120, 'Keep it under 120 characters.'),
  email: z.string().trim().pipe(z.email('Enter a valid email address.')),
  billingAddress: z.string().trim().max(500, 'Keep the address under 500 characters.').default(''),
  taxId: z
    .string()
    .trim()
    .max(40, 'Keep the tax id under 40 characters.')
    .optional()
    .transform((text) => (text ? text : null)),
});
export type CustomerInput = z.output<typeof customerInput>;

export const archiveCustomerInput = z.object({
  id: z.guid({ error: 'Not a valid customer id.' }),
  archived: z.enum(['1', '0']).transform((value) => value === '1'),
});
