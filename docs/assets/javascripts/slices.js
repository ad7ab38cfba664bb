// @ts-check
// Work on many items without holding the page: the first ones at once, the rest in short slices
// once the browser has painted, each slice a few milliseconds of script, so a reader can scroll,
// type and be heard between them. A quiz's result uses it to show its score and band first and
// then the verdicts of a very long quiz's questions (measured: scripts/bench_quiz.py --big).

// Script time per slice; the style and layout of what it changed come on top, so small.
const SLICE_MS = 8;

/**
 * Call draw(item) for every item: the first `now` of them before returning, the rest in slices
 * after the next frame; done() once all are drawn. Returns stop(): no slice runs after it.
 * @template T
 * @param {T[]} items
 * @param {number} now
 * @param {(item: T) => void} draw
 * @param {() => void} done
 * @returns {() => void}
 */
export function drawInSlices(items, now, draw, done) {
  let next = 0;
  let stopped = false;
  for (; next < Math.min(now, items.length); next++) draw(items[next]);
  const slice = () => {
    if (stopped) return;
    const end = performance.now() + SLICE_MS;
    while (next < items.length && performance.now() < end) draw(items[next++]);
    if (next < items.length) setTimeout(slice, 0);
    else done();
  };
  if (next < items.length) requestAnimationFrame(() => setTimeout(slice, 0));
  else done();
  return () => {
    stopped = true;
  };
}
