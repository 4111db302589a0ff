// Anonymous, batched usage tracking. Nothing is stored or sent when the browser signals Do Not Track or Global
// Privacy Control. Events go to the same-origin /api/v1/events/user route, which forwards them to the API Worker.

export type EventType =
  | 'page_view' | 'player_view' | 'club_view' | 'search' | 'share' | 'watchlist_add' | 'watchlist_remove'
  | 'filter_apply' | 'comparison_view';

interface TrackedEvent {
  user_anon_id: string;
  session_id: string;
  event_type: EventType;
  player_id?: string | null;
  club_id?: string | null;
  occurred_at: string;
  device_type: 'desktop' | 'mobile' | 'tablet';
  event_props_json: Record<string, unknown>;
}

const ENDPOINT = '/api/v1/events/user';
const MAX_BATCH = 50;
let queue: TrackedEvent[] = [];
let ids: { anon: string; session: string } | null = null;

export function trackingAllowed(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string };
  const w = window as Window & { doNotTrack?: string };
  const dnt = nav.doNotTrack ?? w.doNotTrack ?? nav.msDoNotTrack;
  return !(dnt === '1' || dnt === 'yes' || nav.globalPrivacyControl === true);
}

function randomId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 11)}`;
}

/** Ids survive storage being unavailable (private mode, blocked cookies): they just don't persist. */
function stored(store: () => Storage, key: string, prefix: string): string {
  try {
    const s = store();
    const v = s.getItem(key);
    if (v) return v;
    const id = randomId(prefix);
    s.setItem(key, id);
    return id;
  } catch {
    return randomId(prefix);
  }
}

function deviceType(): TrackedEvent['device_type'] {
  const ua = navigator.userAgent.toLowerCase();
  if (/tablet|ipad|playbook|silk/.test(ua)) return 'tablet';
  if (/mobile|iphone|ipod|android|blackberry|mini|windows ce|palm/.test(ua)) return 'mobile';
  return 'desktop';
}

export function track(type: EventType, opts: { playerId?: string | null; clubId?: string | null; props?: Record<string, unknown> } = {}): void {
  if (!trackingAllowed()) return;
  ids ??= { anon: stored(() => localStorage, 'tl_anon_id', 'anon'), session: stored(() => sessionStorage, 'tl_session_id', 'sess') };
  queue.push({
    user_anon_id: ids.anon,
    session_id: ids.session,
    event_type: type,
    player_id: opts.playerId ?? null,
    club_id: opts.clubId ?? null,
    occurred_at: new Date().toISOString(),
    device_type: deviceType(),
    event_props_json: { ...opts.props, page_url: location.pathname, referrer: document.referrer || null },
  });
  if (queue.length >= MAX_BATCH) flush();
}

export function flush(): void {
  if (queue.length === 0) return;
  const body = JSON.stringify(queue);
  queue = [];
  const blob = new Blob([body], { type: 'application/json' });
  if (!navigator.sendBeacon?.(ENDPOINT, blob)) {
    fetch(ENDPOINT, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true }).catch(() => {});
  }
}

export function startTracking(): void {
  if (!trackingAllowed()) return;
  const { playerId, clubId } = document.body.dataset;
  track('page_view');
  if (playerId) track('player_view', { playerId });
  if (clubId) track('club_view', { clubId });
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}
