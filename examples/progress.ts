/**
 * A tiny progress bar on stderr for the examples' long steps (not part of the library).
 * On a TTY it redraws one line in place; otherwise (CI logs, pipes) it prints a line at most
 * every 25% or every 5 s, so logs stay short. Quiet when TOUR_QUIET is set.
 */

/** A running progress bar. */
export interface Progress {
  /** Report the fraction done (clamped to [0, 1]) and, optionally, the current stage. */
  update(fraction: number, stage?: string): void;
  /** Advance a step counter by one (for bars created with a total). */
  tick(stage?: string): void;
  /** Finish: draw 100% (TTY) or a final line, with the elapsed time. */
  done(note?: string): void;
}

const WIDTH = 28;

/** Start a progress bar labelled `label`; `total` enables {@link Progress.tick}. */
export function progress(label: string, total = 1): Progress {
  const stream = process.stderr;
  const tty = stream.isTTY === true;
  const quiet = process.env.TOUR_QUIET !== undefined;
  const t0 = performance.now();
  let last = -1;
  let lastTime = 0;
  let count = 0;
  let finished = false;
  const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
  const bar = (fr: number) => {
    const full = Math.round(fr * WIDTH);
    return `[${"█".repeat(full)}${"·".repeat(WIDTH - full)}]`;
  };
  const update = (fraction: number, stage?: string) => {
    if (quiet || finished) return;
    const fr = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    const pct = Math.floor(100 * fr);
    const now = performance.now();
    if (tty) {
      if (pct === last && now - lastTime < 200) return;
      const line = `  ${label} ${bar(fr)} ${String(pct).padStart(3)}% ${secs()} s${stage ? ` ${stage}` : ""}`;
      stream.write(`\r${line.slice(0, (stream.columns ?? 100) - 1)}\x1b[K`);
    } else {
      if (Math.floor(pct / 25) === Math.floor(last / 25) && now - lastTime < 5000) return;
      stream.write(`  ${label}: ${pct}% (${secs()} s)${stage ? ` ${stage}` : ""}\n`);
    }
    last = pct;
    lastTime = now;
  };
  return {
    update,
    tick(stage) {
      count++;
      update(count / total, stage);
    },
    done(note) {
      if (quiet || finished) return;
      finished = true;
      const msg = `  ${label} ${bar(1)} 100% ${secs()} s${note ? ` ${note}` : ""}`;
      stream.write(tty ? `\r${msg}\x1b[K\n` : `${msg}\n`);
    },
  };
}
