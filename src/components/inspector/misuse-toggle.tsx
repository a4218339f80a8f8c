'use client';
import { useRef } from 'react';
import type { ActionState } from '@/lib/action-state';
import { setMisuseToggle } from '@/server/inspector/actions';
import { ActionForm } from '../action-form';

/** Saves on change with JavaScript; the Apply button does it without. */
export function MisuseToggle({ on, initialState }: { on: boolean; initialState: ActionState<never, never> | null }) {
  const apply = useRef<HTMLButtonElement>(null);
  return (
    <ActionForm action={setMisuseToggle} className="flex items-center gap-2 text-sm" initialState={initialState}>
      <input
        id="misuse-toggle"
        type="checkbox"
        name="on"
        defaultChecked={on}
        data-testid="misuse-toggle"
        onChange={() => apply.current?.form?.requestSubmit(apply.current)}
      />
      <label htmlFor="misuse-toggle">
        Misuse: <code>updateInvoice</code> sends the list tag through <code>revalidateTag(tag, &apos;max&apos;)</code>
      </label>
      <button ref={apply} type="submit" className="btn">
        Apply
      </button>
    </ActionForm>
  );
}
