import 'server-only';
import type { z } from 'zod';
import type { FieldErrors } from '@/lib/result';

/** Zod issues keyed by dotted path (`lines.0.unitPrice`), matching the form's field names. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}
