'use client';
import { useActionState } from 'react';
import { CURRENCIES } from '@/lib/org-settings';
import { updateOrgSettings } from '@/server/org/actions';
import { FieldError, FormAlert, fieldErrorsOf, valueOf } from '../field-error';
import { LabelledInput } from '../labelled-input';

export interface OrgSettingsValues {
  name: string;
  currency: string;
  timeZone: string;
  address: string;
}

/**
 * The organization's settings; a failed post without JavaScript comes back as `initialState` with what
 * was typed. `timeZones` comes from the server, so the list is the same on both sides of hydration.
 */
export function OrgSettingsForm({
  orgId,
  saved,
  timeZones,
  initialState = null,
}: {
  orgId: string;
  saved: OrgSettingsValues;
  timeZones: string[];
  initialState?: Parameters<typeof updateOrgSettings>[0];
}) {
  const [state, action, pending] = useActionState(updateOrgSettings, initialState);
  const errors = fieldErrorsOf(state);
  const value = (name: keyof OrgSettingsValues) => valueOf(state, name) ?? saved[name];
  const zones = timeZones.includes(saved.timeZone) ? timeZones : [saved.timeZone, ...timeZones];
  return (
    <form action={action} className="card max-w-2xl space-y-4" noValidate aria-label="Organization settings">
      <input type="hidden" name="orgId" value={orgId} />
      <FormAlert message={state && !state.ok ? state.message : undefined} />
      <LabelledInput
        label="Organization name"
        name="name"
        id="name"
        errors={errors}
        defaultValue={value('name')}
        aria-invalid={!!errors?.name}
        aria-describedby="name-error"
      />
      <div className="grid gap-4 md:grid-cols-2">
        <div>
          <label htmlFor="currency" className="block text-sm font-medium">
            Default currency
          </label>
          <select id="currency" name="currency" className="input" defaultValue={value('currency')}>
            {CURRENCIES.map(({ code, name }) => (
              <option key={code} value={code}>
                {code} — {name}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="currency" />
          <p className="mt-1 text-xs text-slate-500">New invoices are issued in it; existing ones keep theirs.</p>
        </div>
        <div>
          <label htmlFor="timeZone" className="block text-sm font-medium">
            Time zone
          </label>
          <select id="timeZone" name="timeZone" className="input" defaultValue={value('timeZone')}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="timeZone" />
          <p className="mt-1 text-xs text-slate-500">Decides when a day starts: due dates, overdue, this month.</p>
        </div>
      </div>
      <div>
        <label htmlFor="address" className="block text-sm font-medium">
          Billing address
        </label>
        <textarea
          id="address"
          name="address"
          className="input"
          rows={4}
          defaultValue={value('address')}
          aria-invalid={!!errors?.address}
          aria-describedby="address-error"
        />
        <FieldError errors={errors} name="address" />
        <p className="mt-1 text-xs text-slate-500">Printed under your name on every invoice.</p>
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="save-org-settings">
        {pending ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}
