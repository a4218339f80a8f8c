'use client';
import { useState, type FormEvent } from 'react';
import { FieldError, fieldErrorsOf, valueOf } from '../field-error';
import type { PostState } from '@/lib/comments/post-state';

interface Props {
  invoiceId: string;
  /** The server-made id for the first post; later mounts make their own. */
  commentId: string | undefined;
  action: (formData: FormData) => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  state: PostState;
  posting: boolean;
}

export function CommentForm({ invoiceId, commentId, action, onSubmit, state, posting }: Props) {
  const [id] = useState(() => commentId ?? crypto.randomUUID());
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2" noValidate>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <input type="hidden" name="id" value={id} />
      <label htmlFor="comment-body" className="sr-only">
        Comment
      </label>
      <textarea
        id="comment-body"
        name="body"
        rows={2}
        className="input"
        placeholder="Write a comment…"
        defaultValue={state && !state.ok ? valueOf(state, 'body') : undefined}
        aria-invalid={!!errors?.body}
        aria-describedby="body-error"
      />
      <FieldError errors={errors} name="body" />
      {state && !state.ok && !errors && (
        <p className="text-sm text-red-600" role="alert" data-testid="comment-error">
          {state.message}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={posting}>
        Post comment
      </button>
    </form>
  );
}
