// Progress on stderr for long steps: count, rate and time left, at most twice a second.
export class Progress {
  constructor(label, total, seconds) {
    this.label = label;
    this.total = total;
    this.seconds = seconds;
    this.start = Date.now();
    this.last = 0;
    this.tty = process.stderr.isTTY;
  }

  tick(count) {
    const now = Date.now();
    if (now - this.last < 500) return;
    this.last = now;
    const elapsed = (now - this.start) / 1000;
    const rate = count / Math.max(elapsed, 0.001);
    let left = '';
    if (this.total) left = `, ~${Math.max(0, Math.round((this.total - count) / Math.max(rate, 1)))} s left`;
    else if (this.seconds) left = `, ${Math.max(0, Math.round(this.seconds - elapsed))} s left`;
    const line = `  ${this.label}: ${count}${this.total ? `/${this.total}` : ''} (${rate.toFixed(0)}/s${left})`;
    process.stderr.write(this.tty ? `\r${line.padEnd(90)}` : `${line}\n`);
  }

  done() {
    if (this.tty) process.stderr.write('\n');
  }
}
