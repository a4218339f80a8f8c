'use client';
import { useActionState, type ReactNode } from 'react';
import type { ActionState } from '@/lib/action-state';

/** A form around a Server Action that shows the action's error (and field errors) under its children. */
export function ActionForm<T, C>({
  action,
  children,
  className,
  initialState = null,
}: {
  action: (previous: ActionState<T, C> | null, formData: FormData) => Promise<ActionState<T, C>>;
  children: ReactNode;
  className?: string;
  /** A failure posted without JavaScript, handed back by the page (decision 006). */
  initialState?: ActionState<T, C> | null;
}) {
  const [state, formAction] = useActionState<ActionState<T, C> | null, FormData>(action, initialState);
  return (
    <form action={formAction} className={className}>
      {children}
      {state && !state.ok && (
        <div className="mt-1 text-xs text-red-600" role="alert" data-testid="action-error">
          <p>{state.message}</p>
          {state.code !== 'conflict' &&
            Object.values(state.fieldErrors ?? {})
              .flat()
              .map((message) => <p key={message}>{message}</p>)}
        </div>
      )}
    </form>
  );
}

/** Hidden inputs that say what a form acts on. */
export function HiddenFields({ fields }: { fields: Record<string, string | number> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

/** A form that is one button: `fields` name the record it acts on. */
export function ActionButton<T, C>({
  fields,
  className = 'btn',
  children,
  ...form
}: Omit<Parameters<typeof ActionForm<T, C>>[0], 'className'> & { fields: Record<string, string | number>; className?: string }) {
  return (
    <ActionForm {...form}>
      <HiddenFields fields={fields} />
      <button type="submit" className={className}>
        {children}
      </button>
    </ActionForm>
  );
}
