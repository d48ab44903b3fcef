// Reading back what a canvas really shows: screenshot an element with Playwright, decode the
// PNG inside the page (an <img> from a data: URL onto a 2D canvas) and count pixels near given
// colours. Works for WebGL canvases whose drawing buffer is not preserved.
import type { Locator, Page } from 'playwright-core';

export interface PixelCounts {
  total: number;
  /** Pixels within `tolerance` (per channel) of each wanted colour, in order. */
  matches: number[];
  /** Distinct colours seen (quantised to 4 bits per channel). */
  distinct: number;
}

export async function countColourPixels(page: Page, element: Locator, colours: string[], hideTestIds: string[] = [], tolerance = 24): Promise<PixelCounts> {
  await page.evaluate((ids) => ids.forEach((id) => document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`).forEach((el) => (el.style.visibility = 'hidden'))), hideTestIds);
  const png = (await element.screenshot()).toString('base64');
  await page.evaluate((ids) => ids.forEach((id) => document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`).forEach((el) => (el.style.visibility = ''))), hideTestIds);
  return page.evaluate(
    async ({ png, colours, tolerance }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const wanted = colours.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]);
      const matches = wanted.map(() => 0);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
        seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
        wanted.forEach(([wr, wg, wb], k) => {
          if (Math.abs(r - wr!) <= tolerance && Math.abs(g - wg!) <= tolerance && Math.abs(b - wb!) <= tolerance) matches[k]!++;
        });
      }
      return { total: data.length / 4, matches, distinct: seen.size };
    },
    { png, colours, tolerance },
  );
}
