// The watchlist lives in this browser only (localStorage `tl_watchlist`), capped, and synced across tabs.

export interface WatchItem {
  playerId: string;
  slug: string;
  playerName: string;
  clubName: string | null;
  position: string | null;
  addedAt: string;
}

const KEY = 'tl_watchlist';
export const MAX_ITEMS = 100;
export const CHANGED = 'watchlist-updated';

export function readWatchlist(): WatchItem[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as WatchItem[]).filter((i) => i && typeof i.playerId === 'string') : [];
  } catch {
    return [];
  }
}

function write(items: WatchItem[]): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify(items));
  } catch {
    return false;
  }
  dispatchEvent(new CustomEvent(CHANGED, { detail: items }));
  return true;
}

export const isWatched = (id: string) => readWatchlist().some((i) => i.playerId === id);

/** Adds unless present; false when storage is full or unavailable (the caller tells the user). */
export function addToWatchlist(item: Omit<WatchItem, 'addedAt'>): boolean {
  const items = readWatchlist();
  if (items.some((i) => i.playerId === item.playerId)) return true;
  if (items.length >= MAX_ITEMS) return false;
  return write([...items, { ...item, addedAt: new Date().toISOString() }]);
}

export function removeFromWatchlist(id: string): void {
  write(readWatchlist().filter((i) => i.playerId !== id));
}

/** Calls back on changes from this tab and from other tabs. */
export function onWatchlistChange(cb: () => void): void {
  addEventListener(CHANGED, cb);
  addEventListener('storage', (e) => {
    if (e.key === KEY) cb();
  });
}
