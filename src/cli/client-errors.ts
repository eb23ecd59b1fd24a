import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Requests Node cannot parse (headers over its 16 KiB limit, a broken request line) never reach
 * the app; Node would answer them with a bare status line. This answers them with a JSON error in
 * the upstream shape and closes the connection, instead of hanging or dropping it silently.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, message] = error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are larger than 16 KiB.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request did not arrive in time.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
    const body = JSON.stringify({ message }, null, 4);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
