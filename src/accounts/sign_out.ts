import type { Context } from '../app/context.js';
import { revokeSession } from './storage/sessions_store.js';

/** Revokes one session; its cookie stops working at once. */
export async function signOut(context: Context, sessionId: string): Promise<void> {
  await revokeSession(context.db, sessionId, context.clock.now());
}
