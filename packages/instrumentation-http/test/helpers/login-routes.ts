// Routes that all answer 401, at common login paths and elsewhere, for the login-route tests.
import type { AppResponse, AppRoute } from './apps.ts';

const unauthorized = (): AppResponse => ({ status: 401, contentType: 'application/json', body: '{"error":"invalid credentials"}' });

export const UNAUTHORIZED_ROUTES: readonly AppRoute[] = [
  { methods: ['POST'], path: '/login', handler: unauthorized },
  { methods: ['POST'], path: '/sign-in/', handler: unauthorized },
  { methods: ['POST'], path: '/oauth/token', handler: unauthorized },
  { methods: ['POST'], path: '/api/auth/callback/:provider', handler: unauthorized },
  { methods: ['POST'], path: '/custom', handler: unauthorized },
  { methods: ['GET'], path: '/api/orders', handler: unauthorized },
  { methods: ['GET'], path: '/api/orders/:id', handler: unauthorized },
];
