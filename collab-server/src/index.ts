export {
  type CollabServer,
  type CollabServerDeps,
  type CollabServerOptions,
  createCollabServer,
} from './collab-server';
export { type CollabConfig, loadCollabConfig } from './config';
export { applyStoredState } from './document-storage';
export { type DraftCommandServer, serveDraftCommands } from './draft-commands';
