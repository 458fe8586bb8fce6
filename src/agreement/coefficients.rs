//! Chance-corrected agreement over nominal labels: Cohen's kappa, Fleiss' kappa and
//! Krippendorff's alpha.
//!
//! Each function computes what its reference implementation computes, in the same order of
//! operations, so results agree to within floating-point rounding:
//!
//! | function | reference |
//! |---|---|
//! | [`cohen_kappa`] | scikit-learn `cohen_kappa_score(y1, y2)` (unweighted) |
//! | [`fleiss_kappa`] | statsmodels `fleiss_kappa(table, method="fleiss")` |
//! | [`krippendorff_alpha`] | `krippendorff.alpha(data, level_of_measurement="nominal")` |
//!
//! Where a reference returns NaN or raises because the coefficient is undefined (no items,
//! a single category, one rating per item), these return `None`. Labels are any `Ord` type;
//! the order only fixes the order of summation, as `np.unique` does in the references.

use std::collections::BTreeMap;

/// Index of each distinct label, in sorted order (what `np.unique` gives the references).
fn categories<'a, T: Ord + 'a>(labels: impl IntoIterator<Item = &'a T>) -> BTreeMap<&'a T, usize> {
    let mut map: BTreeMap<&T, usize> = labels.into_iter().map(|l| (l, 0)).collect();
    for (i, index) in map.values_mut().enumerate() {
        *index = i;
    }
    map
}

/// Cohen's kappa between two raters who labelled the same items: `a[i]` and `b[i]` are
/// their labels of item `i`.
///
/// `None` when it is undefined: no items, or both raters used one and the same label
/// throughout (expected disagreement 0). scikit-learn returns NaN there
/// (`replace_undefined_by=np.nan`) with an `UndefinedMetricWarning`.
///
/// # Panics
/// If `a` and `b` differ in length (scikit-learn raises `ValueError`).
pub fn cohen_kappa<T: Ord>(a: &[T], b: &[T]) -> Option<f64> {
    assert_eq!(a.len(), b.len(), "both raters must label the same items");
    if a.is_empty() {
        return None;
    }
    let index = categories(a.iter().chain(b));
    let k = index.len();
    // confusion[i][j]: items `a` labelled i and `b` labelled j.
    let mut confusion = vec![vec![0.0f64; k]; k];
    for (x, y) in a.iter().zip(b) {
        confusion[index[x]][index[y]] += 1.0;
    }
    // As sklearn: sum0 are column sums (rater b), sum1 row sums (rater a), and
    // expected = outer(sum0, sum1) / n.
    let sum0: Vec<f64> = (0..k)
        .map(|j| (0..k).map(|i| confusion[i][j]).sum())
        .collect();
    let sum1: Vec<f64> = confusion.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = sum0.iter().sum();
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            if i != j {
                observed += confusion[i][j];
                expected += sum0[i] * sum1[j] / n;
            }
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - observed / expected)
}

/// Fleiss' kappa from a table of counts: `table[i][c]` raters put item `i` in category `c`.
/// Every item must have the same number of ratings, at least two.
///
/// `None` when it is undefined: no items, items with different numbers of ratings
/// (statsmodels fails its "fully ranked" assertion), fewer than two ratings per item, or
/// every rating in one category (statsmodels returns NaN for the last two).
///
/// # Panics
/// If the rows differ in length.
pub fn fleiss_kappa<R: AsRef<[usize]>>(table: &[R]) -> Option<f64> {
    let rows: Vec<&[usize]> = table.iter().map(AsRef::as_ref).collect();
    let n_cat = rows.first()?.len();
    assert!(
        rows.iter().all(|r| r.len() == n_cat),
        "every item needs a count for every category"
    );
    let raters: Vec<usize> = rows.iter().map(|r| r.iter().sum()).collect();
    let n_rat = *raters.iter().max()?;
    if n_rat < 2 || raters.iter().any(|&n| n != n_rat) {
        return None;
    }
    let n_sub = rows.len() as f64;
    let n_total = n_sub * n_rat as f64;
    let n_rat = n_rat as f64;
    let p_cat = (0..n_cat).map(|c| rows.iter().map(|r| r[c] as f64).sum::<f64>() / n_total);
    let p_mean_exp: f64 = p_cat.map(|p| p * p).sum();
    let p_mean = rows
        .iter()
        .map(|r| {
            let squares: f64 = r.iter().map(|&x| (x * x) as f64).sum();
            (squares - n_rat) / (n_rat * (n_rat - 1.0))
        })
        .sum::<f64>()
        / n_sub;
    if p_mean_exp == 1.0 {
        return None;
    }
    Some((p_mean - p_mean_exp) / (1.0 - p_mean_exp))
}

/// The table [`fleiss_kappa`] takes, from each item's labels (one per rater, in any order),
/// with its categories in sorted order: statsmodels' `aggregate_raters`.
pub fn fleiss_table<T: Ord, R: AsRef<[T]>>(items: &[R]) -> (Vec<&T>, Vec<Vec<usize>>) {
    let index = categories(items.iter().flat_map(|i| i.as_ref()));
    let table = items
        .iter()
        .map(|item| {
            let mut counts = vec![0; index.len()];
            for label in item.as_ref() {
                counts[index[label]] += 1;
            }
            counts
        })
        .collect();
    (index.into_keys().collect(), table)
}

/// Fleiss' kappa from each item's labels (one per rater; the same number for every item).
pub fn fleiss_kappa_from_labels<T: Ord, R: AsRef<[T]>>(items: &[R]) -> Option<f64> {
    fleiss_kappa(&fleiss_table(items).1)
}

/// Krippendorff's alpha for nominal data from a reliability matrix: `data[r][u]` is rater
/// `r`'s label of unit `u`, `None` where the rater gave none. Units with fewer than two
/// labels are not pairable and do not count.
///
/// `None` when it is undefined: fewer than two distinct labels in the data, no unit with
/// two labels (the package raises `ValueError` for both), or no disagreement expected by
/// chance among the pairable labels (the package returns NaN).
///
/// # Panics
/// If the raters' rows differ in length.
pub fn krippendorff_alpha<T: Ord, R: AsRef<[Option<T>]>>(data: &[R]) -> Option<f64> {
    let rows: Vec<&[Option<T>]> = data.iter().map(AsRef::as_ref).collect();
    let n_units = rows.first().map_or(0, |r| r.len());
    assert!(
        rows.iter().all(|r| r.len() == n_units),
        "every rater needs a cell for every unit"
    );
    // The value domain includes labels of units that are not pairable, as in the package.
    let index = categories(rows.iter().flat_map(|r| r.iter().flatten()));
    let v = index.len();
    if v <= 1 {
        return None;
    }
    // Coincidence matrix: o[c][k] = sum over units of n_uc (n_uk - [c = k]) / (m_u - 1).
    let mut o = vec![vec![0.0f64; v]; v];
    let mut pairable_units = 0;
    let mut counts = vec![0usize; v];
    for u in 0..n_units {
        counts.iter_mut().for_each(|c| *c = 0);
        for row in &rows {
            if let Some(label) = &row[u] {
                counts[index[label]] += 1;
            }
        }
        let m: usize = counts.iter().sum();
        if m < 2 {
            continue;
        }
        pairable_units += 1;
        for c in 0..v {
            for k in 0..v {
                let pairs = counts[c] * counts[k] - if c == k { counts[c] } else { 0 };
                o[c][k] += pairs as f64 / (m - 1) as f64;
            }
        }
    }
    if pairable_units == 0 {
        return None;
    }
    let n_v: Vec<f64> = (0..v).map(|k| (0..v).map(|c| o[c][k]).sum()).collect();
    let n: f64 = n_v.iter().sum();
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..v {
        for k in 0..v {
            if c != k {
                observed += o[c][k];
                expected += n_v[c] * n_v[k] / (n - 1.0);
            }
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - observed / expected)
}
