//! Plain-text tables for the command line: columns padded to their widest cell, the
//! first left-aligned (names), the others right-aligned (numbers).

use std::fmt::{self, Write};

/// Writes `rows` (the first usually the header) as aligned columns, two spaces apart.
pub fn write_columns<R: AsRef<[String]>>(f: &mut impl Write, rows: &[R]) -> fmt::Result {
    let columns = rows.iter().map(|r| r.as_ref().len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.as_ref().get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let cells: Vec<String> = r
            .as_ref()
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i == 0 {
                    format!("{cell:<w$}", w = widths[i])
                } else {
                    format!("{cell:>w$}", w = widths[i])
                }
            })
            .collect();
        writeln!(f, "{}", cells.join("  "))?;
    }
    Ok(())
}

/// "1 document", "2 documents": for messages of the command line and of team work.
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_left_numbers_right() {
        let rows = vec![
            vec!["layer".to_string(), "quotes".to_string()],
            vec!["gold".to_string(), "7".to_string()],
        ];
        let mut out = String::new();
        super::write_columns(&mut out, &rows).unwrap();
        assert_eq!(out, "layer  quotes\ngold        7\n");
    }
}
