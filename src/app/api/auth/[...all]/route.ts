import { handleAuthRequest } from '@/server/auth/http-surface';

export { handleAuthRequest as GET, handleAuthRequest as POST };
