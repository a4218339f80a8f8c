import type { FieldErrors } from '@/lib/result';
import { FieldError } from '../field-error';

/** One line of an invoice form: `lines.N.*` names, its own field errors, an optional remove button. */
export function LineItemRow({
  index,
  errors,
  value,
  removeButton,
}: {
  index: number;
  errors: FieldErrors | undefined;
  value: (name: string) => string;
  removeButton?: React.ReactNode;
}) {
  const prefix = `lines.${index}`;
  const field = (name: string, label: string, className: string, extra: React.ComponentProps<'input'> = {}) => (
    <div>
      <label htmlFor={`${prefix}.${name}`} className="sr-only">
        Line {index + 1} {label}
      </label>
      <input
        className={`input ${className}`}
        id={`${prefix}.${name}`}
        name={`${prefix}.${name}`}
        placeholder={label[0]?.toUpperCase() + label.slice(1)}
        defaultValue={value(`${prefix}.${name}`)}
        aria-invalid={!!errors?.[`${prefix}.${name}`]}
        aria-describedby={`${prefix}.${name}-error`}
        {...extra}
      />
      <FieldError errors={errors} name={`${prefix}.${name}`} />
    </div>
  );
  return (
    <div className="grid grid-cols-[1fr_5rem_8rem_5rem_auto] gap-2" data-testid="line-item-row">
      {field('description', 'description', '')}
      {field('quantity', 'quantity', 'text-right', { inputMode: 'numeric' })}
      {field('unitPrice', 'unit price', 'text-right font-mono', { inputMode: 'decimal' })}
      {field('taxRate', 'tax %', 'text-right', { inputMode: 'decimal' })}
      <div>{removeButton}</div>
    </div>
  );
}
