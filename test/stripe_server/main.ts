import { startStripeTestServer } from './server.js';

// Runs the Stripe-compatible test server on its own, for trying the app against it by hand:
//   npx tsx test/stripe_server/main.ts [port]
const port = Number(process.argv[2] ?? 12111);
const server = await startStripeTestServer({
  port,
  apiKeys: [process.env['STRIPE_SECRET_KEY'] ?? 'sk_test_local'],
});
console.log(`STRIPE_API_BASE=${server.url} STRIPE_SECRET_KEY=${server.apiKey}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
