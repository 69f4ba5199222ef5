// Reads server.yaml: the agent's hostile-file reader (a regular file of at
// most 1 MiB, aliases capped, no error quoting the text), then the server's
// own check. With no file, the defaults (which config/server.yaml restates).

import { readConfigDocument } from '../../config/load-config.js';
import { DEFAULT_SERVER_CONFIG, type ServerConfig, validateServerConfig } from './server-config.js';

export function loadServerConfig(file?: string): ServerConfig {
  if (file === undefined) return DEFAULT_SERVER_CONFIG;
  return validateServerConfig(readConfigDocument(file), file);
}
