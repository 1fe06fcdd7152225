import {
  type LoginInput,
  loginResponseSchema,
  meResponseSchema,
  type SetupInput,
  setupStatusSchema,
} from '@erp/shared/api/auth';
import { apiRequest } from './client';

export function getSetupStatus(signal?: AbortSignal) {
  return apiRequest('/api/auth/setup', { schema: setupStatusSchema, signal, isAnonymous: true });
}

export function setupFirstAccount(input: SetupInput) {
  return apiRequest('/api/auth/setup', {
    method: 'POST',
    body: input,
    schema: loginResponseSchema,
    isAnonymous: true,
  });
}

export function login(input: LoginInput) {
  return apiRequest('/api/auth/login', {
    method: 'POST',
    body: input,
    schema: loginResponseSchema,
    isAnonymous: true,
  });
}

export function logout() {
  return apiRequest('/api/auth/logout', { method: 'POST', isAnonymous: true });
}

/** The signed-in user; a 401 here is the normal "not signed in" answer, so it does not raise the session alarm. */
export function getMe(signal?: AbortSignal) {
  return apiRequest('/api/auth/me', { schema: meResponseSchema, signal, isAnonymous: true });
}

export function changePassword(input: { currentPassword: string; newPassword: string }) {
  return apiRequest('/api/auth/password', { method: 'POST', body: input, schema: loginResponseSchema });
}
