/** The one return shape of every action and service: success, a coded error, or a version conflict. */
export type ErrorCode =
  'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable' | 'too_many_requests';

export type FieldErrors = Record<string, string[] | undefined>;

export type Ok<T> = { ok: true; data: T };
export type Err = { ok: false; code: Exclude<ErrorCode, 'conflict'>; message: string; fieldErrors?: FieldErrors };
export type Conflict<C> = { ok: false; code: 'conflict'; message: string; current: C };
export type Result<T, C = never> = Ok<T> | Err | Conflict<C>;

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data });

export const err = (code: Err['code'], message: string, fieldErrors?: FieldErrors): Err =>
  fieldErrors ? { ok: false, code, message, fieldErrors } : { ok: false, code, message };

export const conflict = <C>(message: string, current: C): Conflict<C> => ({
  ok: false,
  code: 'conflict',
  message,
  current,
});

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  too_many_requests: 429,
};

export const isConflict = <C>(result: Result<unknown, C> | null | undefined): result is Conflict<C> =>
  !!result && !result.ok && result.code === 'conflict';

export const isError = (result: Result<unknown, unknown> | null | undefined): result is Err =>
  !!result && !result.ok && result.code !== 'conflict';
