import { connect, type Socket } from 'node:net';

type SocketCallback = (error: Error | null, socketOptions?: { connection: Socket }) => void;

/**
 * nodemailer's `getSocket`: a TCP connection to the SMTP server with Nagle's algorithm off. SMTP is a
 * dialogue of small writes; with Nagle on, each message's last segment waited for the server's delayed
 * ACK (~45 ms a mail here). nodemailer has no option for it, and its pool only takes a connected socket
 * (`connection`), so this connects itself, within `timeoutMs` (a connection timeout: ETIMEDOUT at CONN, as nodemailer's own).
 */
export function smtpSocketWithoutNagle(timeoutMs: number): (options: { host?: string | undefined; port?: number | undefined }, callback: SocketCallback) => void {
  return (options, callback) => {
    const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port ?? 25, noDelay: true });
    let done = false;
    const finish = (error: Error | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        callback(Object.assign(error, { command: 'CONN' })); // as nodemailer's own connect reports it
      } else callback(null, { connection: socket });
    };
    const timer = setTimeout(() => finish(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    socket.once('connect', () => finish(null));
    socket.once('error', (error) => finish(error));
  };
}
