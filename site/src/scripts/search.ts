// Combobox behaviour for the search form: debounced same-origin API search, keyboard navigation, Escape to close.
import { track } from './track';

interface Result { type: 'player' | 'club'; id: string; slug?: string | null; name: string; subtitle?: string | null }

export function initSearch(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[role="combobox"]')!;
  const list = form.querySelector<HTMLUListElement>('[role="listbox"]')!;
  const status = form.querySelector<HTMLElement>('[data-status]')!;
  const asOf = form.dataset.asOf;
  let results: Result[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const hrefOf = (r: Result) => {
    const path = `/${r.type === 'club' ? 'c' : 'p'}/${encodeURIComponent(r.slug || r.id)}`;
    return asOf ? `${path}?as_of=${asOf}` : path;
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i: number) => {
    active = i;
    list.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `${list.id}-${i}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const go = (r: Result) => {
    track('search', { props: { query: input.value.trim(), results_count: results.length, selected_type: r.type } });
    location.href = hrefOf(r);
  };
  const render = (q: string) => {
    list.replaceChildren();
    if (results.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty-opt';
      li.textContent = `No results found for "${q}"`;
      li.setAttribute('aria-disabled', 'true');
      list.append(li);
    }
    results.forEach((r, i) => {
      const li = document.createElement('li');
      li.id = `${list.id}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const text = document.createElement('span');
      const name = document.createElement('span');
      name.textContent = r.name;
      text.append(name);
      if (r.subtitle) {
        const sub = document.createElement('span');
        sub.className = 'sub';
        sub.textContent = ` ${r.subtitle}`;
        text.append(sub);
      }
      const kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = r.type;
      li.append(text, kind);
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => go(r));
      li.addEventListener('mousemove', () => highlight(i));
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    status.textContent = `${results.length} result${results.length === 1 ? '' : 's'}`;
  };
  const search = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/api/v1/search?q=${encodeURIComponent(q)}&limit=8`, { signal: controller.signal });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { results?: Result[] };
      if (input.value.trim() !== q) return;
      results = body.results ?? [];
      render(q);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') status.textContent = 'Search is unavailable right now';
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      results = [];
      close();
      return;
    }
    timer = setTimeout(() => void search(q), 200);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      close();
      return;
    }
    if (list.hidden || results.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(Math.max(active - 1, -1));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      go(results[active]!);
    }
  });
  input.addEventListener('focus', () => {
    if (input.value.trim().length >= 2 && results.length) render(input.value.trim());
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  form.addEventListener('submit', () => track('search', { props: { query: input.value.trim(), results_count: results.length } }));
}
