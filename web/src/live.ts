import { useEffect, useState } from 'react';

export interface LiveEvent {
  id: number;
  type: string;
  at: string;
  summary: string;
}

export const liveEventTypes = ['click', 'signup', 'activated', 'paid', 'sustained', 'commission'] as const;
const recentEventsMax = 20;
let nextEventId = 1;

/**
 * Follows the affiliate's event stream (server-sent events, session cookie) and calls
 * `onEvent` for each event; EventSource reconnects by itself after a drop.
 */
export function useLiveEvents(affiliateId: string, onEvent: () => void) {
  const [connected, setConnected] = useState(false);
  const [recent, setRecent] = useState<LiveEvent[]>([]);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/v1/affiliates/${encodeURIComponent(affiliateId)}/events`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const listener = (type: string) => (message: MessageEvent<string>) => {
      setRecent((current) => [describe(type, message.data), ...current].slice(0, recentEventsMax));
      onEvent();
    };
    const listeners = liveEventTypes.map((type) => [type, listener(type)] as const);
    for (const [type, handle] of listeners) source.addEventListener(type, handle as EventListener);
    return () => source.close();
  }, [affiliateId, onEvent]);
  return { connected, recent };
}

function describe(type: string, data: string): LiveEvent {
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(data) as Record<string, unknown>;
  } catch {
    // A non-JSON payload is still an event worth showing.
  }
  const time = payload.at ?? payload.occurredAt;
  const at = typeof time === 'string' ? time : new Date().toISOString();
  const parts = [payload.tag, payload.teamId].filter((part) => typeof part === 'string');
  if (typeof payload.clicks === 'number' && payload.clicks > 1) parts.unshift(`${payload.clicks} clicks`);
  const detail = parts.join(' · ');
  const names: Record<string, string> = {
    click: 'New click',
    signup: 'New signup',
    activated: 'A referred team activated',
    paid: 'A referred team paid',
    sustained: 'A referred team stayed past 90 days',
    commission: 'Commission earned',
  };
  return { id: nextEventId++, type, at, summary: `${names[type] ?? type}${detail ? ` — ${detail}` : ''}` };
}
