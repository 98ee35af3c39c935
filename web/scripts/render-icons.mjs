// Renders public/icon.svg to the PNG sizes iOS and older Android need (run once after
// changing the icon): node web/scripts/render-icons.mjs
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const publicDir = new URL("../public/", import.meta.url);
const svg = await readFile(new URL("icon-maskable.svg", publicDir), "utf8");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox"],
});
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await page.screenshot({ path: new URL(`icon-${size}.png`, publicDir).pathname, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
