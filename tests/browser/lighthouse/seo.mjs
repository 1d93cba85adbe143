// Lighthouse's SEO category for each URL, all in one headless Chromium (CHROME_PATH); writes {url: report}.
// Usage: node seo.mjs MODULES OUT URL...  MODULES is the folder where package.json's packages are installed
// (`make test` puts them in .venv/node); OUT is the JSON file to write.
import {writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';

const [modules, out, ...urls] = process.argv.slice(2);
const resolve = createRequire(join(modules, 'package.json')).resolve;
const load = name => import(pathToFileURL(resolve(name)).href);
const {default: lighthouse} = await load('lighthouse');
const {launch} = await load('chrome-launcher');

// The site is static files on a local server: short quiet windows suffice, and SEO needs no screenshot.
const config = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['seo'],
    disableFullPageScreenshot: true,
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 250,
    networkQuietThresholdMs: 250,
    cpuQuietThresholdMs: 250,
  },
};
const chrome = await launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const reports = {};
try {
  for (const url of urls) {
    const result = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error'}, config);
    reports[url] = result.lhr;
  }
} finally {
  await chrome.kill();
}
await writeFile(out, JSON.stringify(reports));
