export {
  type CollabServer,
  type CollabServerDeps,
  type CollabServerOptions,
  createCollabServer,
} from './collab-server';
export { type CollabConfig, loadCollabConfig } from './config';
export { applyStoredState } from './document-storage';
