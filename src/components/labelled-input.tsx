import type { ComponentProps } from 'react';
import type { FieldErrors } from '@/lib/result';
import { FieldError } from './field-error';

/** A labelled text input with its field error underneath. */
export function LabelledInput({
  label,
  name,
  errors,
  ...input
}: ComponentProps<'input'> & { label: string; name: string; errors: FieldErrors | undefined }) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input className="input" name={name} {...input} />
      <FieldError errors={errors} name={name} />
    </div>
  );
}
