import {
  AppError,
  commentInputSchema,
  completeTaskInputSchema,
  idParamsSchema,
  instanceListQuerySchema,
  instanceListSchema,
  instanceViewSchema,
  reassignTaskInputSchema,
  retryStepParamsSchema,
  saveDraftInputSchema,
  sendBackInputSchema,
  startableFlowListSchema,
  startedInstanceSchema,
  startInstanceInputSchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskListSchema,
} from '@erp/shared';
import { z } from 'zod';
import { defineRoute } from '../../http/route';
import {
  cancelInstance,
  getInstance,
  listInstances,
  listStartableFlows,
  retryStep,
  startInstance,
} from './instances.service';
import { getTask } from './task-detail';
import {
  addComment,
  claimTask,
  completeTask,
  listTasks,
  reassignTask,
  saveDraft,
  sendBackTask,
  unclaimTask,
} from './tasks.service';

const tag = 'Flows';
const admin = { roles: ['admin'] } as const;
const documentParamsSchema = z.strictObject({ documentId: z.uuid() });

// Everything here is for anyone signed in, scoped by the services to what the caller is part of (404 outside).
const taskAction = (path: string, summary: string, run: typeof claimTask) =>
  defineRoute({
    method: 'post',
    path: `/api/portal/tasks/:id/${path}`,
    summary,
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema },
    response: taskDetailSchema,
    handle: async ({ deps, user, params }) => run(deps, user, params.id),
  });

export const flowRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/flows/:documentId/instances',
    summary:
      "Start an instance of the flow's live version (pinned to it), with data checked against its start form; 403 for people the flow does not name",
    tag,
    policy: 'authenticated',
    input: { params: documentParamsSchema, body: startInstanceInputSchema },
    response: startedInstanceSchema,
    status: 201,
    handle: async ({ deps, user, params, body }) => startInstance(deps, user, params.documentId, body.data),
  }),
  defineRoute({
    method: 'get',
    path: '/api/instances/:id',
    summary: 'One instance: where it is, its tasks, its timeline in words, its version',
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema },
    response: instanceViewSchema,
    handle: async ({ deps, user, params }) => getInstance(deps, user, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/instances/:id/cancel',
    summary: 'Cancel a running instance and its open tasks (audited)',
    tag,
    policy: admin,
    input: { params: idParamsSchema },
    response: instanceViewSchema,
    handle: async ({ deps, user, params }) => cancelInstance(deps, user, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/instances/:id/steps/:stepId/retry',
    summary: 'Apply a failed step again (audited)',
    tag,
    policy: admin,
    input: { params: retryStepParamsSchema },
    response: instanceViewSchema,
    handle: async ({ deps, user, params }) => retryStep(deps, user, params.id, params.stepId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:id/reassign',
    summary: 'Give an open task to someone (audited)',
    tag,
    policy: admin,
    input: { params: idParamsSchema, body: reassignTaskInputSchema },
    response: taskDetailSchema,
    handle: async ({ deps, user, params, body }) => reassignTask(deps, user, params.id, body.userId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/portal/flows',
    summary: 'Flows with a live version that I may start, with their start form',
    tag,
    policy: 'authenticated',
    response: startableFlowListSchema,
    handle: async ({ deps, user }) => listStartableFlows(deps, user),
  }),
  defineRoute({
    method: 'get',
    path: '/api/portal/instances',
    summary: 'Instances I started or worked on, newest first',
    tag,
    policy: 'authenticated',
    input: { query: instanceListQuerySchema },
    response: instanceListSchema,
    handle: async ({ deps, user, query }) => listInstances(deps, user, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/portal/tasks',
    summary: "My tasks and my queues' tasks by due date, with filters, search and counts",
    tag,
    policy: 'authenticated',
    input: { query: taskListQuerySchema },
    response: taskListSchema,
    handle: async ({ deps, user, query }) => listTasks(deps, user, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/portal/tasks/:id',
    summary: "One task with its published form, my draft, earlier levels' answers and comments",
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema },
    response: taskDetailSchema,
    handle: async ({ deps, user, params }) => getTask(deps, user, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/portal/events',
    summary:
      'An event stream (text/event-stream): a "tasks" event whenever a task of mine or my queues changes',
    tag,
    policy: 'authenticated',
    handle: async ({ req, res, deps, user }) => {
      if (!req.accepts('text/event-stream') || !req.headers.accept?.includes('text/event-stream')) {
        throw new AppError('invalid_input', 'This is an event stream: ask for text/event-stream.');
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        // Proxies (Caddy, nginx) must pass each event on at once.
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      // Keeps idle connections from being closed by proxies along the way.
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const unsubscribe = deps.taskEvents.subscribe(
        { userId: user.id, sessionId: user.sessionId },
        {
          changed: () => res.write('event: tasks\ndata: {}\n\n'),
          // Signed out or revoked: tell the page (it stops reconnecting) and end the stream.
          revoked: () => res.end('event: signedOut\ndata: {}\n\n'),
        },
      );
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  }),
  taskAction('claim', "Claim a queue's task (409 when someone else was first)", claimTask),
  taskAction('unclaim', 'Give a claimed task back to its queue', unclaimTask),
  defineRoute({
    method: 'post',
    path: '/api/portal/tasks/:id/complete',
    summary:
      'Submit the task (checked against its published form); 204 once it is done and its instance advanced, 409 when it is no longer open',
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema, body: completeTaskInputSchema },
    handle: async ({ deps, user, params, body }) => completeTask(deps, user, params.id, body.data),
  }),
  defineRoute({
    method: 'post',
    path: '/api/portal/tasks/:id/send-back',
    summary:
      'Return the task to the level before it, with a reason (where the flow allows it); 409 otherwise',
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema, body: sendBackInputSchema },
    response: taskDetailSchema,
    handle: async ({ deps, user, params, body }) => sendBackTask(deps, user, params.id, body.reason),
  }),
  defineRoute({
    method: 'put',
    path: '/api/portal/tasks/:id/draft',
    summary: 'Keep unfinished answers',
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema, body: saveDraftInputSchema },
    response: taskDetailSchema,
    handle: async ({ deps, user, params, body }) => saveDraft(deps, user, params.id, body.data),
  }),
  defineRoute({
    method: 'post',
    path: '/api/portal/tasks/:id/comments',
    summary: 'Comment on a task',
    tag,
    policy: 'authenticated',
    input: { params: idParamsSchema, body: commentInputSchema },
    response: taskDetailSchema,
    status: 201,
    handle: async ({ deps, user, params, body }) => addComment(deps, user, params.id, body.body),
  }),
];
