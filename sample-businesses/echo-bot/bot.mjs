// A sample business backend: receives Parley webhooks, verifies them, and answers a customer's
// message through the Business API. Plain Node.js (20+), no dependencies.
//   PARLEY_URL=https://parley.example PARLEY_API_KEY=... WEBHOOK_SECRET=whsec_... PORT=8080 node bot.mjs
// It prints "listening <port>" once ready (PORT=0 picks a free port).
import { createServer } from 'node:http';
import { verifyWebhook } from './verify.mjs';
import { ParleyBusinessClient } from './parley-client.mjs';

const client = new ParleyBusinessClient(process.env.PARLEY_URL, process.env.PARLEY_API_KEY);
const secret = process.env.WEBHOOK_SECRET;
// Event ids already handled: a retry or a replay carries the same webhook-id (at-least-once).
const seen = new Set();

const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/webhooks') {
    response.writeHead(404).end();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      event = verifyWebhook(secret, request.headers, body);
    } catch (e) {
      console.log(`refused ${request.headers['webhook-id']}: ${e.message}`);
      response.writeHead(401, { 'Content-Type': 'text/plain' }).end(e.message);
      return;
    }
    const id = request.headers['webhook-id'];
    if (seen.has(id)) {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('duplicate');
      return;
    }
    seen.add(id);
    // Answer 2xx at once (within 10 s); do the work after.
    response.writeHead(204).end();
    console.log(`event ${id} ${event.type}`);
    if (event.type === 'message.received') {
      const text = event.data.text ?? event.data.message?.text ?? '';
      client
        .sendText(event.data.conversationId, `Thanks! You wrote: ${text}`)
        .then(() => console.log(`answered ${event.data.conversationId}`))
        .catch((e) => console.log(`answer failed: ${e.message}`));
    }
  });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
