'use server';
import 'server-only';
import { orgUpdateSettings } from './update-settings';

export const updateOrgSettings = orgUpdateSettings.action;
