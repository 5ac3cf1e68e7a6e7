/** The worker of bench/experiments/bare/offload.ts: `<id>\n<body>` in, `<id>\n<report-like JSON>` out. */
import { reportLike } from './report-like.ts'

declare const self: Worker

self.onmessage = (e: MessageEvent<string>) => {
  const cut = e.data.indexOf('\n')
  self.postMessage(`${e.data.slice(0, cut)}\n${reportLike(e.data.slice(cut + 1))}`)
}
