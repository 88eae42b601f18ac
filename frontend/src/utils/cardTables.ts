// On a phone a table does not fit: every `.data-table` is shown as a list of cards (main.css,
// "lists as cards"), one card a row, each cell under its column's name so the actions stay on
// screen. The column names come from the header, which the cards hide; this module copies each
// header's text onto the body cells of its column as `data-label`, whatever screen drew the table,
// and again whenever a table is redrawn (a new page, another language).

/** Copy the header text of each column onto its body cells, for every data table under `root`. */
export function labelTableCells(root: ParentNode): void {
  for (const table of Array.from(root.querySelectorAll<HTMLElement>('.data-table'))) {
    const names = new Map<string, string>()
    for (const th of Array.from(table.querySelectorAll<HTMLElement>('.el-table__header th'))) {
      const column = columnClass(th)
      if (column) names.set(column, (th.textContent ?? '').trim())
    }
    for (const td of Array.from(table.querySelectorAll<HTMLElement>('.el-table__body td'))) {
      const column = columnClass(td)
      const name = column ? (names.get(column) ?? '') : ''
      if (td.dataset.label !== name) td.dataset.label = name
    }
  }
}

/** Element Plus marks the header and body cells of one column with the same `el-table_N_column_M`. */
function columnClass(cell: Element): string | undefined {
  return Array.from(cell.classList).find((c) => /^el-table_\d+_column_\d+$/.test(c))
}

/** Keep the cells of every table in the document labelled from now on. */
export function watchTables(doc: Document = document): MutationObserver {
  let scheduled = false
  const observer = new MutationObserver(() => {
    if (scheduled) return
    scheduled = true
    // One pass per frame however many nodes changed; setting data-label is not a change observed here.
    requestAnimationFrame(() => {
      scheduled = false
      labelTableCells(doc)
    })
  })
  observer.observe(doc.body, { childList: true, subtree: true, characterData: true })
  labelTableCells(doc)
  return observer
}
