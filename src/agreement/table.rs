//! [`Agreement`] as readable tables (`sayso agree` without `--json`).

use std::fmt::{self, Display, Formatter};

use super::layers::{Agreement, Coefficients, DocumentAgreement};
use crate::metrics::eval::cell;

impl Display for Agreement {
    /// The pooled figures, then one line per document, least agreement first.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "agreement between {} over {} (units pooled, counts summed)",
            self.layers.join(", "),
            match self.documents.len() {
                1 => "1 document".to_string(),
                n => format!("{n} documents"),
            }
        )?;
        write!(f, "{}", Tables(&self.total))?;
        writeln!(
            f,
            "per document, least agreement first (headline: mean of noise alpha and quote \
             overlap F1)"
        )?;
        writeln!(
            f,
            "  {:<30} {:>8} {:>8} {:>9} {:>8}",
            "document", "headline", "noise α", "quotes F1", "stance α"
        )?;
        for doc in self.by_disagreement() {
            let a = &doc.agreement;
            writeln!(
                f,
                "  {:<30} {:>8} {:>8} {:>9} {:>8}",
                doc.id,
                cell(doc.headline),
                cell(a.noise.krippendorff_alpha),
                cell(a.quotes_f1()),
                cell(a.stance.krippendorff_alpha)
            )?;
        }
        if !self.skipped.is_empty() {
            let skipped: Vec<String> = self
                .skipped
                .iter()
                .map(|s| format!("{} (no {})", s.id, s.missing.join(", ")))
                .collect();
            writeln!(f, "skipped: {}", skipped.join("; "))?;
        }
        Ok(())
    }
}

impl Display for DocumentAgreement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Tables(self))
    }
}

/// The chance-corrected table, then the pairwise one.
struct Tables<'a>(&'a DocumentAgreement);

impl Display for Tables<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let a = self.0;
        writeln!(
            f,
            "{:<24} {:>6} {:>8} {:>8} {:>8} {:>8}",
            "labels", "items", "observed", "cohen κ", "fleiss κ", "alpha"
        )?;
        let rows: [(&str, &Coefficients); 3] = [
            ("noise lines", &a.noise),
            ("noise categories", &a.noise_category),
            ("stance on matched quotes", &a.stance),
        ];
        for (name, c) in rows {
            writeln!(
                f,
                "{name:<24} {:>6} {:>8} {:>8} {:>8} {:>8}",
                c.items,
                cell(c.observed),
                cell(c.cohen_kappa),
                cell(c.fleiss_kappa),
                cell(c.krippendorff_alpha)
            )?;
        }
        if a.pairs.is_empty() {
            return Ok(());
        }
        writeln!(
            f,
            "{:<24} {:<12} {:>8} {:>8} {:>13}",
            "pair (reference first)", "spans", "F1 exact", "overlap", "items (r/o)"
        )?;
        for pair in &a.pairs {
            let name = format!("{} ~ {}", pair.reference, pair.other);
            for (kind, m) in [
                ("mentions", &pair.mentions),
                ("quotes", &pair.quotes),
                ("cues", &pair.cues),
            ] {
                let name = if kind == "mentions" {
                    name.as_str()
                } else {
                    ""
                };
                let counts = format!("{}/{}", m.exact.gold, m.exact.predicted);
                writeln!(
                    f,
                    "{name:<24} {kind:<12} {:>8} {:>8} {counts:>13}",
                    cell(m.exact.f1()),
                    cell(m.overlap.f1())
                )?;
            }
            let share = &pair.attribution;
            writeln!(
                f,
                "{:<24} {:<12} {:>8} (same speaker, {} of {} matched quotes)",
                "",
                "attribution",
                cell(share.value()),
                share.agreed,
                share.items
            )?;
        }
        Ok(())
    }
}
