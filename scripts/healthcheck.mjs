// The container's HEALTHCHECK (Dockerfile): exits 0 when the edge on this machine answers /healthz,
// 1 otherwise. Plain node, so the run image needs no curl or wget. Reads the edge's own PORT and HOST.
//   node scripts/healthcheck.mjs
const port = process.env.PORT?.trim() || '8787'
const host = process.env.HOST?.trim() || '127.0.0.1'
// Listening on every interface includes loopback; an IPv6 literal needs brackets in a URL.
const address = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host

try {
  const response = await fetch(`http://${address}:${port}/healthz`, { signal: AbortSignal.timeout(4_000) })
  process.exit(response.ok ? 0 : 1)
} catch (err) {
  console.error(`huike: /healthz on ${address}:${port}: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
