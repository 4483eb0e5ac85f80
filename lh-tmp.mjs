import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox'] });
for (const p of process.argv.slice(2)) {
  const r = await lighthouse('http://127.0.0.1:4321' + p, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
  const a = r.lhr.audits;
  console.log(p, Math.round(r.lhr.categories.performance.score*100), a['total-blocking-time'].displayValue);
  console.log(' mainthread', JSON.stringify(a['mainthread-work-breakdown'].details.items.map(i => [i.groupLabel, Math.round(i.duration)])));
  console.log(' long tasks', JSON.stringify((a['long-tasks']?.details?.items ?? []).slice(0,8).map(i => [i.url?.replace('http://127.0.0.1:4321',''), Math.round(i.startTime), Math.round(i.duration)])));
}
await chrome.kill();
