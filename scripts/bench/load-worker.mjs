// The load thread's entry: worker threads do not inherit tsx's loader on Node 20, so this plain module
// loads the TypeScript one through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./load-worker.ts', import.meta.url);
