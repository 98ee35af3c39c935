import type { TextLayer } from "../pdf/text-layer";

/** A run of text on one line, merged from pdf.js items that touch. */
export interface Cell {
  text: string;
  x: number;
  right: number;
}

/** One printed line of a page: its cells left to right, and its text with cells joined by two spaces. */
export interface Row {
  page: number;
  y: number;
  height: number;
  cells: Cell[];
  text: string;
}

/**
 * Groups a page's items into rows by baseline (within a third of the text height) and a row's
 * items into cells: items closer than about half a character's height are one cell, so table
 * columns (separated by wide gaps) stay apart while words of one description join.
 */
export function toRows(layer: TextLayer): Row[] {
  const rows: Row[] = [];
  layer.pages.forEach((page, pageIndex) => {
    const items = page.items
      .filter((i) => i.str.trim() !== "")
      .slice()
      .sort((a, b) => a.y - b.y || a.x - b.x);
    let current: typeof items = [];
    const flush = () => {
      if (current.length === 0) return;
      rows.push(makeRow(pageIndex, current));
      current = [];
    };
    for (const item of items) {
      const first = current[0];
      const tolerance = Math.max(2, (first?.height || 8) * 0.35);
      if (first && Math.abs(item.y - first.y) > tolerance) flush();
      current.push(item);
    }
    flush();
  });
  return rows;
}

function makeRow(page: number, items: TextLayer["pages"][number]["items"]): Row {
  const sorted = items.slice().sort((a, b) => a.x - b.x);
  const height = Math.max(...sorted.map((i) => i.height || 8));
  const cells: Cell[] = [];
  for (const item of sorted) {
    const last = cells[cells.length - 1];
    const gap = last ? item.x - last.right : Number.POSITIVE_INFINITY;
    if (last && gap <= height * 0.6) {
      const space = gap > height * 0.12 && !last.text.endsWith(" ") && !item.str.startsWith(" ");
      last.text += (space ? " " : "") + item.str;
      last.right = Math.max(last.right, item.x + item.width);
    } else {
      cells.push({ text: item.str, x: item.x, right: item.x + item.width });
    }
  }
  for (const c of cells) c.text = c.text.replace(/\s+/g, " ").trim();
  const y = sorted.reduce((sum, i) => sum + i.y, 0) / sorted.length;
  return { page, y, height, cells, text: cells.map((c) => c.text).join("  ") };
}

/** Horizontal overlap of two cells, allowing a little slack for right-aligned values. */
export function overlaps(a: Cell, b: Cell, slack = 4): boolean {
  return a.x - slack < b.right && b.x - slack < a.right;
}
