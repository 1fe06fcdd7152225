import { type ClientOptions, WebSocket } from 'ws';

/**
 * `ws` as a browser's WebSocket behaves when closed while still connecting, for Hocuspocus providers in Node
 * tests. A browser fires `error` and `close` events; `ws` emits `error` on the next tick, and when the provider
 * has removed its listeners by then (`destroy()`, or a reconnect's clean-up right after a `disconnect()`), Node
 * throws it as an uncaught exception that fails the whole test run. The provider learns of the failed attempt
 * from `close` either way.
 */
export class BrowserLikeWebSocket extends WebSocket {
  constructor(address: string | URL, options?: ClientOptions) {
    super(address, options);
    this.on('error', () => {});
  }
}
