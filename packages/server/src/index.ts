/**
 * runner-dash-server — the public API: build the Koa app over a history store, or start
 * the whole server (REST, WebSocket feed, page) over a database file.
 */
export { createApp, defaultPublicDir, type AppOptions } from './app.js';
export { startServer, PortInUseError, type ServerOptions, type RunningServer } from './startServer.js';
export { HttpError } from './HttpError.js';
export { consoleLogger, silentLogger, type Logger } from './Logger.js';
export { version } from './version.js';
