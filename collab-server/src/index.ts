export {
  type CollabServer,
  type CollabServerDeps,
  type CollabServerOptions,
  collabPath,
  createCollabServer,
} from './collab-server';
export { type CollabConfig, loadCollabConfig } from './config';
export { applyStoredState, type StoredState } from './document-storage';
