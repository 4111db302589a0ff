/**
 * A small progress bar for long CLI work (ingest, pipeline steps). Draws in place on a TTY and prints a line per
 * 10% otherwise, so CI logs stay readable.
 */
export interface Progress {
  tick(n?: number): void;
  done(note?: string): void;
}

export function progress(label: string, total: number, out: NodeJS.WriteStream = process.stderr): Progress {
  let count = 0;
  let lastDecile = -1;
  const started = Date.now();
  const tty = Boolean(out.isTTY);
  const render = (final = false) => {
    const pct = total > 0 ? Math.min(1, count / total) : 1;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (tty) {
      const width = 28;
      const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
      out.write(`\r${label.padEnd(28)} ${bar} ${String(Math.round(pct * 100)).padStart(3)}% ${count}/${total} ${secs}s${final ? '\n' : ''}`);
    } else {
      const decile = Math.floor(pct * 10);
      if (decile !== lastDecile || final) {
        lastDecile = decile;
        out.write(`${label}: ${Math.round(pct * 100)}% (${count}/${total}, ${secs}s)\n`);
      }
    }
  };
  return {
    tick(n = 1) {
      count += n;
      render();
    },
    done(note) {
      count = Math.max(count, total);
      render(true);
      if (note) out.write(`${label}: ${note}\n`);
    },
  };
}
