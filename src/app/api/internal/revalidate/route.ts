import { handleInternalRevalidate } from '@/server/cache/internal-revalidate';

export const POST = handleInternalRevalidate;
