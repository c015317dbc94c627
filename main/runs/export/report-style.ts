/** The report's stylesheet: screen and print (A4, figures never split across pages). */
export const REPORT_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; max-width: 960px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em }
table { border-collapse: collapse; margin: .5em 0; font-size: 12px } td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left }
th { background: #f3f3f3 } pre { background: #f7f7f7; padding: .6em; font-size: 11px; white-space: pre-wrap; word-break: break-word }
figure { margin: .8em 0; break-inside: avoid; page-break-inside: avoid } svg { max-width: 100%; height: auto }
ul.findings { list-style: none; padding: 0 } li.finding { border-left: 4px solid #999; padding: .2em .8em; margin: .6em 0; break-inside: avoid; page-break-inside: avoid }
li.problem { border-color: #d62728; background: #fff3f3 } li.warning { border-color: #ff7f0e; background: #fff8ef } li.info { border-color: #1f77b4 }
.badge { font-weight: bold; text-transform: uppercase; font-size: 11px } .where { color: #666 } .try { color: #124 } .ok { color: #2a7a2a } .warn { color: #a33 }
.confusion td.num { text-align: right; min-width: 2.2em } .confusion th { font-weight: normal } .confusion thead th { font-size: 11px }
.gallery { display: flex; flex-wrap: wrap; gap: 6px } figure.miss { margin: 0; width: 96px; font-size: 10px; text-align: center; break-inside: avoid }
figure.miss img { image-rendering: pixelated; border: 1px solid #ccc; display: block; margin: 0 auto 2px } h3 { font-size: 1em; margin: 1em 0 .3em }
ul.skipped { margin: .3em 0; padding-left: 1.4em; font-size: 12px } ul.skipped code { font-size: 11px }
section.appendix { break-before: page; page-break-before: always } section.appendix pre { font-size: 10px }
footer { margin-top: 2em; color: #888; font-size: 11px }
@page { size: A4; margin: 14mm }
@media print { body { margin: 0; max-width: none; font-size: 11px } section { break-inside: auto } h2, h3 { break-after: avoid } }
`
