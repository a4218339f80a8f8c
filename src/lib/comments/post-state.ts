import type { ActionState } from '@/lib/action-state';
import type { Comment } from '@/lib/schemas/comment';

/** What the comment form holds: the last post's result and what was typed, or nothing yet. */
export type PostState = ActionState<Comment, null> | null;
