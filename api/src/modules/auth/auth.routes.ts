import {
  changePasswordInputSchema,
  loginInputSchema,
  loginResponseSchema,
  meResponseSchema,
  setupInputSchema,
  setupStatusSchema,
} from '@erp/shared';
import type { Request } from 'express';
import { defineRoute } from '../../http/route';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../../http/session';
import { getUser } from '../users/users.service';
import {
  type ClientInfo,
  changePassword,
  login,
  logout,
  needsSetup,
  setupFirstAccount,
} from './auth.service';

const tag = 'Auth';

function clientInfo(req: Request): ClientInfo {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: req.headers['user-agent'],
    previousToken: readSessionToken(req),
  };
}

export const authRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/auth/setup',
    summary: 'Whether this installation still needs its first account',
    tag,
    policy: 'public',
    response: setupStatusSchema,
    handle: async ({ deps }) => ({
      needsSetup: await needsSetup(deps.prisma),
      needsSetupCode: deps.setupCode.isRequired,
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/setup',
    summary: 'Create the first account (admin + developer); 409 once any account exists',
    tag,
    policy: 'public',
    input: { body: setupInputSchema },
    response: loginResponseSchema,
    status: 201,
    handle: async ({ req, res, deps, body }) => {
      const result = await setupFirstAccount(deps, body, clientInfo(req));
      setSessionCookie(req, res, deps, result.token, new Date(result.expiresAt));
      return result;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in; returns the session token (also set as an HttpOnly cookie)',
    tag,
    policy: 'public',
    input: { body: loginInputSchema },
    response: loginResponseSchema,
    handle: async ({ req, res, deps, body }) => {
      const result = await login(deps, body, clientInfo(req));
      setSessionCookie(req, res, deps, result.token, new Date(result.expiresAt));
      return result;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End the current session',
    tag,
    policy: 'authenticated',
    handle: async ({ req, res, deps, user }) => {
      await logout(deps.prisma, user);
      clearSessionCookie(req, res, deps);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The signed-in user',
    tag,
    policy: 'authenticated',
    response: meResponseSchema,
    handle: async ({ deps, user }) => ({ user: await getUser(deps, user.id) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/password',
    summary: 'Change your password; ends all your other sessions',
    tag,
    policy: 'authenticated',
    input: { body: changePasswordInputSchema },
    response: loginResponseSchema,
    handle: async ({ req, res, deps, user, body }) => {
      const result = await changePassword(deps, user, body, clientInfo(req));
      setSessionCookie(req, res, deps, result.token, new Date(result.expiresAt));
      return result;
    },
  }),
];
