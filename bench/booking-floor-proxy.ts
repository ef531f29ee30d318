/**
 * The booking floor's proxy (bench/booking-floor.ts starts it): node:http forwarding each request, method, path and
 * body, to FLOOR_UPSTREAM (the floor's service) over kept-alive connections, and relaying the answer's status and
 * body. What any gateway does at least: one more process and one more loopback hop.
 */
import { Agent, createServer, request, type OutgoingHttpHeaders } from 'node:http';

const upstream = new URL(process.env['FLOOR_UPSTREAM'] ?? '');
/** As the bench's own client: free sockets close after 4 s idle, before a Node server's 5 s keep-alive timeout. */
const agent = new Agent({ keepAlive: true, timeout: 4_000 });

createServer((req, res) => {
  const headers: OutgoingHttpHeaders = {};
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  const forward = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
    (answer) => {
      const relayed: OutgoingHttpHeaders = {};
      if (answer.headers['content-type']) relayed['content-type'] = answer.headers['content-type'];
      if (answer.headers['content-length']) relayed['content-length'] = answer.headers['content-length'];
      res.writeHead(answer.statusCode ?? 502, relayed);
      answer.pipe(res);
    },
  );
  forward.on('error', (e) => {
    if (res.headersSent) return void res.destroy(e);
    const body = JSON.stringify({ type: `proxy-${e.message}` });
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  req.pipe(forward);
}).listen(Number(process.env['PORT']), '127.0.0.1');
