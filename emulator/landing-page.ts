/** What `GET /` shows when no demo is built: where the API is and how to use it. */
export function landingPage(baseUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Perso emulator</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f2f2f2;padding:0 .3em}</style></head>
<body><h1>Perso emulator</h1>
<p>An offline Perso Interactive platform is running at <code>${baseUrl}</code>.</p>
<p>Point the SDK's <code>apiServer</code> at it. Health: <a href="/_emulator/health">/_emulator/health</a>.</p>
<p>No demo app is built yet: run <code>npm run build</code> to serve it here.</p>
</body></html>
`;
}
