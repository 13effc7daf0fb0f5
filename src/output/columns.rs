//! Nomad's table and key/value layout (ryanuber/columnize as Nomad configures it).
//!
//! Rows are `|`-separated strings, as Nomad builds them: every cell is trimmed, columns are
//! as wide as their widest cell counted in characters, cells are glued with two spaces
//! (` = ` for key/value blocks) and the last cell of a row is never padded.

/// How empty cells are shown.
#[derive(Clone, Copy)]
enum Empty {
    /// `<none>`, as `formatList`/`formatKV` do.
    None,
    /// Left empty, as `columnize.SimpleFormat` does (`server members`).
    Keep,
}

/// A row's cells, trimmed, with `empty` applied.
fn cells(row: &str, empty: Empty) -> impl Iterator<Item = &str> {
    row.split('|').map(move |c| {
        let c = c.trim();
        match (c.is_empty(), empty) {
            (true, Empty::None) => "<none>",
            _ => c,
        }
    })
}

fn columnize(rows: &[String], glue: &str, empty: Empty) -> String {
    // Two passes over the rows, splitting each twice, rather than holding every row's cells:
    // a 10,000-job table is built in the memory of its text.
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in cells(row, empty).enumerate() {
            let n = cell.chars().count();
            if i >= widths.len() {
                widths.push(n);
            } else if n > widths[i] {
                widths[i] = n;
            }
        }
    }
    let mut out = String::with_capacity(rows.iter().map(|r| r.len() + 16).sum());
    for (ri, row) in rows.iter().enumerate() {
        if ri > 0 {
            out.push('\n');
        }
        let mut it = cells(row, empty).enumerate().peekable();
        while let Some((i, cell)) = it.next() {
            out.push_str(cell);
            if it.peek().is_some() {
                for _ in cell.chars().count()..widths[i] {
                    out.push(' ');
                }
                out.push_str(glue);
            }
        }
    }
    out
}

/// `formatList`: a table with two-space glue and `<none>` for empty cells.
pub fn format_list(rows: &[String]) -> String {
    columnize(rows, "  ", Empty::None)
}

/// `formatKV`: a `key = value` block with `<none>` for empty values.
pub fn format_kv(rows: &[String]) -> String {
    columnize(rows, " = ", Empty::None)
}

/// `columnize.SimpleFormat`: two-space glue, empty cells stay empty.
pub fn format_simple(rows: &[String]) -> String {
    columnize(rows, "  ", Empty::Keep)
}

/// The alloc status `Task Resources` table: two-space glue, empty cells stay empty.
pub fn format_list_with_spaces(rows: &[String]) -> String {
    columnize(rows, "  ", Empty::Keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(rows: &[&str]) -> Vec<String> {
        rows.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kv_matches_nomad_test_vector() {
        assert_eq!(
            format_kv(&v(&["alpha|beta", "charlie|delta", "echo|"])),
            "alpha   = beta\ncharlie = delta\necho    = <none>"
        );
    }

    #[test]
    fn last_cell_unpadded_and_ragged_rows() {
        assert_eq!(
            format_list(&v(&["ID|Type|Status", "a|service|running", "bbbbbb|x"])),
            "ID      Type     Status\na       service  running\nbbbbbb  x"
        );
    }

    #[test]
    fn cells_are_trimmed_and_width_counts_chars() {
        assert_eq!(
            format_list(&v(&[" 日本語 |b", "x|y "])),
            "日本語  b\nx    y"
        );
    }

    #[test]
    fn simple_keeps_empty_cells_and_trailing_glue() {
        assert_eq!(format_simple(&v(&["a|b|c", "d||"])), "a  b  c\nd     ");
    }

    #[test]
    fn empty_list_is_empty_string() {
        assert_eq!(format_list(&[]), "");
    }
}
