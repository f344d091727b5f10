import type { ReactNode, TdHTMLAttributes } from 'react';

/** One column of a `DataTable`: its header, its cell, and whether it hides at phone width. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  hideNarrow?: boolean;
  /** Extra attributes of the cell (test hooks such as `data-testid`). */
  cellProps?: (row: T) => TdHTMLAttributes<HTMLTableCellElement> & Record<`data-${string}`, unknown>;
}

/** A header a screen reader reads but the eye does not need (a column of buttons). */
export const ACTIONS_HEADER = <span className="visually-hidden">Actions</span>;

/** A scrollable table with column headers (`scope="col"`); each page states only its columns. */
export function DataTable<T>({ rows, columns, rowKey, rowProps, className = 'table-wrap' }: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => Record<`data-${string}`, string>;
  className?: string;
}) {
  const narrow = (column: Column<T>) => (column.hideNarrow ? 'hide-narrow' : undefined);
  return (
    <div className={className}>
      <table>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={narrow(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column, i) => (
                <td key={i} className={narrow(column)} {...column.cellProps?.(row)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next for a list read `page` at a time (nothing when it fits on one page). */
export function Pager({ offset, total, onOffset, page = 20 }: { offset: number; total: number; onOffset: (n: number) => void; page?: number }) {
  if (total <= page) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - page))}>
        Previous
      </button>
      <span>
        {offset + 1}–{Math.min(offset + page, total)} of {total}
      </span>
      <button type="button" className="button small" disabled={offset + page >= total} onClick={() => onOffset(offset + page)}>
        Next
      </button>
    </nav>
  );
}
