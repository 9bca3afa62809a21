import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProductSite {
  /** `http://localhost:<port>`: another origin than the affiliate server's `127.0.0.1`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * A stand-in for the product's own site on another origin: every page includes the affiliate
 * server's `/snippet.js`, as the README tells sites that cannot use the redirect to do.
 */
export async function startProductSite(affiliateOrigin: string): Promise<ProductSite> {
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>EmDash</title>' +
    `<script src="${affiliateOrigin}/snippet.js"></script></head>` +
    '<body><main><h1>EmDash</h1><p>The AI developer tool.</p></main></body></html>';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
