// A second origin for the end-to-end tests: a small node http server on 127.0.0.1 that serves
// files the way a CDN or another site would, with the content types and CORS header given.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

export const TYPES = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };
export const typeOf = (path) => TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

/**
 * Serves `route(url)`'s answer: `{ file, type?, body?, status?, cors?, headers? }` (a file from
 * disk with its extension's type unless `type` says otherwise, or a `body`; `headers` are sent
 * besides), or nothing for a 404. Every
 * answer carries `Access-Control-Allow-Origin: *`, as public npm CDNs send it, unless `cors` is
 * false. Resolves to
 * `{ url, requests, close() }`; `requests` lists every path with its query, in order.
 */
export async function serveOrigin(route) {
  const requests = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://origin.test');
    requests.push(url.pathname + url.search);
    const answer = route(url);
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (!answer) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    let body;
    try {
      body = answer.body ?? readFileSync(answer.file);
    } catch {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    if (answer.cors === false) delete headers['access-control-allow-origin'];
    response.writeHead(answer.status ?? 200, { ...headers, 'content-type': answer.type ?? typeOf(answer.file ?? '.html'), ...answer.headers }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}
