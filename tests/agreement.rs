//! Agreement coefficients against their reference implementations.
//!
//! Values marked "Python" were computed with scikit-learn 1.9.1, statsmodels 0.15.0 and
//! krippendorff 0.9.0 (numpy 2.4.6); the snippet is in the comment and the printed repr is
//! the constant.

use sayso::agreement::{
    cohen_kappa, fleiss_kappa, fleiss_kappa_from_labels, fleiss_table, krippendorff_alpha,
};

#[track_caller]
fn close(got: Option<f64>, want: f64) {
    let got = got.expect("defined");
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// One rater's row of a reliability matrix, one character per unit, `.` for no label.
fn row(s: &str) -> Vec<Option<char>> {
    s.chars().map(|c| (c != '.').then_some(c)).collect()
}

// ---------------------------------------------------------------- Cohen's kappa

#[test]
fn cohen_sklearn_docstring_example() {
    // scikit-learn `cohen_kappa_score` docstring: 0.6875.
    let y1 = ["negative", "positive", "negative", "neutral", "positive"];
    let y2 = ["negative", "positive", "negative", "neutral", "negative"];
    close(cohen_kappa(&y1, &y2), 0.6875);
}

#[test]
fn cohen_wikipedia_grant_proposals() {
    // Wikipedia "Cohen's kappa", simple example: 50 proposals, yes/yes 20, yes/no 5,
    // no/yes 10, no/no 15. By hand: p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5,
    // kappa = (0.7 - 0.5) / 0.5 = 0.4 (sklearn prints 0.4).
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (x, y, n) in [
        ("yes", "yes", 20),
        ("yes", "no", 5),
        ("no", "yes", 10),
        ("no", "no", 15),
    ] {
        a.extend(std::iter::repeat_n(x, n));
        b.extend(std::iter::repeat_n(y, n));
    }
    close(cohen_kappa(&a, &b), 0.4);
}

#[test]
fn cohen_with_a_label_only_one_rater_uses() {
    // Python: random.seed(7); x = [random.choice("abc") for _ in range(30)]
    //   y = [random.choice("abcd") if random.random() < .5 else xi for xi in x]
    //   cohen_kappa_score(x, y) -> 0.5192307692307692
    let x = chars("babcaacabcacaaabbaaacbacaaccca");
    let y = chars("bbbbaacabaacdadbbacacbadcdacca");
    close(cohen_kappa(&x, &y), 0.5192307692307692);
}

#[test]
fn cohen_edge_cases() {
    // Python: cohen_kappa_score(["x", "y"], ["y", "x"]) -> -1.0
    close(cohen_kappa(&["x", "y"], &["y", "x"]), -1.0);
    // Python: cohen_kappa_score(["a", "a", "a"], ["a", "b", "a"]) -> 0.0
    close(cohen_kappa(&["a", "a", "a"], &["a", "b", "a"]), 0.0);
    // Python: cohen_kappa_score(["a"] * 4, ["a"] * 4) -> nan (UndefinedMetricWarning)
    assert_eq!(cohen_kappa(&["a"; 4], &["a"; 4]), None);
    assert_eq!(cohen_kappa::<&str>(&[], &[]), None);
}

#[test]
#[should_panic(expected = "same items")]
fn cohen_needs_equal_lengths() {
    cohen_kappa(&["a"], &["a", "b"]);
}

// ---------------------------------------------------------------- Fleiss' kappa

/// Wikipedia "Fleiss' kappa" worked example (10 subjects, 14 raters, 5 categories), the
/// table statsmodels' `test_fleiss_kappa` uses.
const WIKIPEDIA: [[usize; 5]; 10] = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
];

#[test]
fn fleiss_wikipedia_example() {
    // Wikipedia: 0.210. Python: fleiss_kappa(table1) -> 0.20993070442195522
    close(fleiss_kappa(&WIKIPEDIA), 0.20993070442195522);
}

/// Fleiss (1971), 30 patients diagnosed by 6 psychiatrists into 5 categories, as the
/// `diagnoses` array of statsmodels' `test_inter_rater.py` (and R irr's `diagnoses`).
const DIAGNOSES: [[u8; 6]; 30] = [
    [4, 4, 4, 4, 4, 4],
    [2, 2, 2, 5, 5, 5],
    [2, 3, 3, 3, 3, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3],
    [3, 3, 3, 3, 5, 5],
    [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4],
    [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4],
    [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3],
    [1, 4, 4, 4, 4, 4],
    [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5],
    [1, 1, 1, 1, 1, 2],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 4, 4, 4, 4, 4],
    [2, 2, 4, 5, 5, 5],
    [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4],
    [1, 1, 1, 1, 5, 5],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3],
    [5, 5, 5, 5, 5, 5],
];

#[test]
fn fleiss_1971_diagnoses() {
    // Fleiss (1971) reports kappa = 0.430.
    // Python: fleiss_kappa(aggregate_raters(diagnoses)[0]) -> 0.43024452006014074
    close(fleiss_kappa_from_labels(&DIAGNOSES), 0.43024452006014074);
    let (categories, table) = fleiss_table(&DIAGNOSES);
    assert_eq!(categories, [&1, &2, &3, &4, &5]);
    assert_eq!(table[1], [0, 3, 0, 0, 3]);
}

#[test]
fn fleiss_statsmodels_randolph_calculator_cases() {
    // statsmodels `test_fleiss_kappa_irr` (reference: Randolph's online calculator, to 6
    // places); full precision from Python: fleiss_kappa(t).
    close(fleiss_kappa(&[[7, 1], [3, 5]]), 0.16190476190476205);
    close(fleiss_kappa(&[[6, 1, 0], [0, 7, 0]]), 0.7083333333333335);
    close(fleiss_kappa(&[[7, 0], [0, 7]]), 1.0);
}

#[test]
fn fleiss_undefined_cases() {
    // Python: fleiss_kappa([[3], [3]]) and fleiss_kappa([[3, 0], [3, 0]]) -> nan
    assert_eq!(fleiss_kappa(&[[3], [3]]), None);
    assert_eq!(fleiss_kappa(&[[3, 0], [3, 0]]), None);
    // statsmodels asserts every item has the same number of ratings.
    assert_eq!(fleiss_kappa(&[[2, 1], [1, 1]]), None);
    // One rating per item: 0 / 0 in statsmodels.
    assert_eq!(fleiss_kappa(&[[1, 0], [0, 1]]), None);
    assert_eq!(fleiss_kappa::<[usize; 2]>(&[]), None);
    assert_eq!(fleiss_kappa_from_labels::<&str, [&str; 0]>(&[]), None);
}

// ---------------------------------------------------------------- Krippendorff's alpha

#[test]
fn krippendorff_2011_nominal_with_missing_data() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C: nominal data,
    // 4 observers, 12 units, missing values: alpha = 0.743. Also the krippendorff package
    // docstring (string labels, "nominal" -> 0.743).
    // Python: krippendorff.alpha(data, level_of_measurement="nominal") -> 0.743421052631579
    let data = [
        row("123321412..."),
        row("1233224125.3"),
        row(".3332342251."),
        row("12332441251."),
    ];
    close(krippendorff_alpha(&data), 0.743421052631579);
}

#[test]
fn krippendorff_package_docstring_example() {
    // krippendorff package docstring (the Wikipedia example): nominal -> 0.691358.
    // Python: full precision 0.691358024691358
    let data = [
        row(".....34121133.3"),
        row("1.213343......."),
        row("..21344.21133.4"),
    ];
    close(krippendorff_alpha(&data), 0.691358024691358);
}

#[test]
fn krippendorff_three_raters_string_labels() {
    // Python: random.seed(11); labels = ["favor", "against", "neutral"]
    //   rel = [[random.choice(labels + [None]) for _ in range(20)] for _ in range(3)]
    //   krippendorff.alpha(rel as codes, nan for None, level_of_measurement="nominal")
    //   -> -0.10560344827586188
    let f = Some("favor");
    let a = Some("against");
    let n = Some("neutral");
    let data = [
        [
            None, None, None, a, a, None, a, f, None, n, a, f, f, None, None, a, f, f, f, f,
        ],
        [
            a, a, f, None, n, None, a, a, n, None, f, f, None, n, None, f, n, n, a, n,
        ],
        [
            f, f, f, None, f, n, None, f, f, f, a, a, f, None, None, None, None, f, a, n,
        ],
    ];
    close(krippendorff_alpha(&data), -0.10560344827586188);
}

#[test]
fn krippendorff_two_raters_complete() {
    // The Cohen case above as a reliability matrix (alpha differs from kappa: it pools
    // both raters' label distributions).
    // Python: krippendorff.alpha([[ord(c) for c in x], [ord(c) for c in y]],
    //   level_of_measurement="nominal") -> 0.5195439739413681
    let x: Vec<Option<char>> = "babcaacabcacaaabbaaacbacaaccca".chars().map(Some).collect();
    let y: Vec<Option<char>> = "bbbbaacabaacdadbbacacbadcdacca".chars().map(Some).collect();
    close(krippendorff_alpha(&[x, y]), 0.5195439739413681);
}

#[test]
fn krippendorff_undefined_cases() {
    // Python: alpha([[1, 1, 2], [1, 1, nan]]) -> nan: "2" is in the domain but in no
    // pairable unit, so no disagreement is expected.
    assert_eq!(
        krippendorff_alpha(&[[Some(1), Some(1), Some(2)], [Some(1), Some(1), None]]),
        None
    );
    // Python: ValueError "There has to be more than one value in the domain."
    assert_eq!(
        krippendorff_alpha(&[[Some(1), Some(1)], [Some(1), Some(1)]]),
        None
    );
    // Python: ValueError "There has to be at least one unit with values assigned by at
    // least two coders."
    assert_eq!(
        krippendorff_alpha(&[[Some(1), None], [None, Some(2)]]),
        None
    );
    assert_eq!(krippendorff_alpha::<u8, [Option<u8>; 0]>(&[]), None);
}
