'use server';
import 'server-only';
import { commentAdd } from './add-comment';

export const addCommentAction = commentAdd.action;
