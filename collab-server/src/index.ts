export {
  type CollabServer,
  type CollabServerDeps,
  type CollabServerOptions,
  collabPath,
  createCollabServer,
} from './collab-server';
export { type CollabConfig, loadCollabConfig } from './config';
