/**
 * The pages' one stylesheet, inlined (no external requests: the pages must
 * work on a VM without internet and from the binary). System fonts only.
 * Colours: resource signals warm, symptoms blue, quiet grey; every colour is
 * doubled by a word or a line style in the markup, and contrast stays above
 * 4.5:1 for text.
 */
export const PAGE_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;--res:#fde6cf;--res-line:#9a4a00;--sym:#dbe9fb;--sym-line:#1f5fae;--root:#a1001a;--path:#7a1f2b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 16px}
header{padding-top:12px;border-bottom:1px solid var(--line)}
h1{font-size:1.45rem;margin:.3em 0}h2{font-size:1.2rem;margin:1.4em 0 .4em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1.02rem;margin:1.1em 0 .35em}
a{color:#0a58ca}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,.scroll:focus-visible,.table-scroll:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
.summary{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:.6em 0}.summary dt{color:var(--muted)}.summary dd{margin:0}
.verdict{font-size:1.05rem}.verdict strong{color:var(--root)}
.scroll{overflow:auto;max-height:78vh;border:1px solid var(--line);border-radius:6px;background:#fcfcfd}
figure{margin:0}.table-scroll{overflow-x:auto;position:relative}.table-scroll.long{max-height:60vh;overflow-y:auto;border:1px solid var(--line)}.table-scroll.long thead th{position:sticky;top:0}details{margin:.2em 0;font-size:.88rem}summary{cursor:pointer}.cluster>details>summary>h2{display:inline-block;border:0;margin:1.2em 0 .3em}.cluster>details{border-bottom:1px solid var(--line)}figcaption{color:var(--muted);font-size:.88rem;margin:.3em 0 .6em}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:.3em 0;font-size:.85rem;color:var(--muted)}
.legend .sw{display:inline-block;width:22px;height:12px;vertical-align:-1px;margin-right:5px;border:1.5px solid #555;border-radius:3px}
.sw.root{border:3px double var(--root);background:repeating-linear-gradient(45deg,#fbd5d5 0 3px,#fff 3px 6px)}.sw.runner{border:2px dashed #333}.sw.quiet{border:1.5px dotted #777;background:#fff}
.sw.res{background:var(--res);border-color:var(--res-line)}.sw.sym{background:var(--sym);border-color:var(--sym-line)}.sw.path{border:0;border-top:3px solid var(--path);height:0;border-radius:0}
svg.picture{display:block;margin:0 auto;font-family:inherit}
svg .edge{fill:none;stroke:#8c959f;stroke-width:1.2}svg .edge.on-path{stroke:var(--path);stroke-width:3}
svg .arrowhead{fill:#8c959f}svg .arrowhead-path{fill:var(--path)}
svg .box{fill:#eef1f4;stroke:#57606a;stroke-width:1.5}
svg .signal-resource .box{fill:var(--res);stroke:var(--res-line)}svg .signal-symptom .box{fill:var(--sym);stroke:var(--sym-line)}
svg .quiet .box{fill:#fff;stroke:#6e7781;stroke-dasharray:2 3}
svg .runner-up .box{stroke:#24292f;stroke-width:2.2;stroke-dasharray:7 4}
svg .root .box{stroke:var(--root);stroke-width:3}svg .root .inner{fill:none;stroke:var(--root);stroke-width:1.5}
svg .hatch-bg{fill:#fde0dc}svg .hatch-line{stroke:#f4b4ac;stroke-width:3}
svg .stack{fill:#fff;stroke:#8c959f;stroke-width:1.2}svg [class*=collapsed] .box{fill:#fff;stroke:#6e7781;stroke-dasharray:1 3}
svg text{text-anchor:middle;fill:var(--fg)}svg .name{font-size:13px;font-weight:600}svg .meta{font-size:11.5px;fill:#3d444d}svg .root .meta{font-weight:700;fill:var(--root)}
svg a:focus-visible .box{stroke:#f0a000;stroke-width:4}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3em 0}caption{text-align:left;color:var(--muted);font-size:.85rem;padding:2px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}thead th{background:var(--panel)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.marked th{font-weight:700}.mark{color:var(--root);font-size:.78rem;border:1px solid currentColor;border-radius:3px;padding:0 3px;margin-left:4px}
tr:target{background:#fff6d6}
.metric{white-space:nowrap}td.labels{font-size:.8rem;max-width:22rem}td.labels code{white-space:nowrap;margin-right:4px}.metric small{color:var(--muted)}
.sev{font-size:.8rem;border-radius:3px;padding:0 4px;border:1px solid #888}.sev-critical{background:#ffd8d3;border-color:#a1001a}.sev-warning{background:#fff1c2;border-color:#7a5a00}
.span-cell{width:18%;min-width:90px}.bar{display:block;height:10px;border-radius:2px;background:#8c959f}.bar.signal-resource{background:#c76a12}.bar.signal-symptom{background:#3b7dd8}
.candidates td:nth-child(3){font-variant-numeric:tabular-nums}
ol.paths code{font-size:.88rem}
.feedback form p{margin:.5em 0}.feedback label{display:block;font-weight:600}.feedback input,.feedback textarea{width:min(100%,38rem);font:inherit;padding:4px 6px}
button{font:inherit;padding:5px 12px;border-radius:5px;border:1px solid #57606a;background:var(--panel);cursor:pointer}button#fb-confirm{background:#e6f4ea;border-color:#1a7f37}
#feedback-result:not(:empty){font-weight:600;padding:4px 8px;background:var(--panel);border-left:4px solid #1a7f37}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.list td:nth-child(4),.list td:nth-child(5){font-variant-numeric:tabular-nums}
footer{color:var(--muted);font-size:.8rem;padding:24px 16px}
`
