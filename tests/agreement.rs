//! Agreement coefficients against their reference implementations.
//!
//! Values marked "Python" were computed with scikit-learn 1.9.1, statsmodels 0.15.0 and
//! krippendorff 0.9.0 (numpy 2.4.6); the snippet is in the comment and the printed repr is
//! the constant.

mod common;

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

// ---------------------------------------------------------------- Between layers
//
// Python for the constants below (krippendorff.alpha takes numeric codes, so labels are
// first mapped to their index in sorted order, as `alpha` does):
//   def alpha(*rows):
//       d = {v: i for i, v in enumerate(sorted({x for r in rows for x in r}))}
//       return krippendorff.alpha(np.array([[d[x] for x in r] for r in rows], float),
//                                 level_of_measurement="nominal")
//   def fl(*rows):
//       return fleiss_kappa(aggregate_raters(np.array(list(zip(*rows))))[0], method="fleiss")

mod layers {
    use sayso::agreement::layers::{CONTENT, NOISE};
    use sayso::agreement::{agree_document, agree_project, cohen_kappa, krippendorff_alpha};
    use sayso::model::{Document, Layer, NoiseLine, Project, Quote, Stance};
    use sayso::text::Text;

    use super::close;
    use crate::common::{span, speaker};

    /// Lines 2, 4 (spaces) and 11 (after the last newline) are blank: 9 units.
    const TEXT: &str = "dateline\nbody\n\nbody\n   \nbody\nbody\ncredits\nbody\nnav\nnav\n";
    const UNITS: [usize; 9] = [0, 1, 3, 5, 6, 7, 8, 9, 10];

    fn noise(lines: &[(usize, &str)]) -> Layer {
        let noise = lines.iter().map(|&(line, category)| NoiseLine {
            line,
            category: category.into(),
            text: String::new(),
            orphaned: false,
            score: None,
        });
        Layer {
            noise: noise.collect(),
            ..Layer::default()
        }
    }

    fn quote(id: &str, (start, end): (usize, usize), who: Option<&str>) -> Quote {
        Quote {
            id: id.into(),
            kind: "direct".into(),
            content: vec![span(start, end)],
            cue: Some(span(end, end + 4)),
            source: None,
            speaker: who.map(Into::into),
            score: None,
        }
    }

    fn stance(target: &str, label: &str, evidence: &[&str]) -> Stance {
        Stance {
            id: format!("t-{target}-{label}-{}", evidence.join("-")),
            holder: "s1".into(),
            target: target.into(),
            label: label.into(),
            evidence: evidence.iter().map(|&e| e.into()).collect(),
            score: None,
        }
    }

    // Binary labels per unit line:      0 1 3 5 6 7 8 9 10
    //   a: N C C C C N C N N   b: N C N C C N C N C   c: N C C C C N N C N
    fn a() -> Layer {
        noise(&[
            (0, "dateline"),
            (7, "byline"),
            (9, "navigation"),
            (10, "navigation"),
        ])
    }
    fn b() -> Layer {
        // Line 4 is blank: marking it noise changes nothing.
        let lines = [(0, "dateline"), (3, "navigation"), (4, "navigation")];
        noise(&[lines.as_slice(), &[(7, "other"), (9, "navigation")]].concat())
    }
    fn c() -> Layer {
        noise(&[
            (0, "dateline"),
            (7, "byline"),
            (8, "other"),
            (10, "navigation"),
        ])
    }

    fn labels(layer: &Layer) -> Vec<&str> {
        let label = |&l: &usize| {
            if layer.noise_line(l).is_some() {
                NOISE
            } else {
                CONTENT
            }
        };
        UNITS.iter().map(label).collect()
    }

    #[test]
    fn two_layers_noise_kappa_and_alpha_over_non_blank_lines() {
        let text = Text::new(TEXT.into());
        let (a, b) = (a(), b());
        let agreement = agree_document(&text, &[("a", &a), ("b", &b)]);
        let noise = &agreement.noise;
        assert_eq!(noise.items, 9);
        // By hand: 7 of 9 agree; each marks 4 N and 5 C, so p_e = 41/81 and
        // kappa = (63 - 41) / (81 - 41) = 0.55. Python: cohen_kappa_score(a, b) -> 0.55
        close(noise.cohen_kappa, 0.55);
        assert_eq!(noise.cohen_kappa, cohen_kappa(&labels(&a), &labels(&b)));
        close(noise.observed, 7.0 / 9.0);
        // Python: alpha(a, b) -> 0.575
        close(noise.krippendorff_alpha, 0.575);
        assert_eq!(noise.fleiss_kappa, None, "two layers: Cohen's");
        // By category. Python: cohen_kappa_score -> 0.47058823529411775,
        // alpha -> 0.49504950495049505
        let category = &agreement.noise_category;
        assert_eq!(category.items, 9);
        close(category.cohen_kappa, 0.47058823529411775);
        close(category.krippendorff_alpha, 0.49504950495049505);
        // A layer against itself agrees perfectly.
        let same = agree_document(&text, &[("a", &a), ("again", &a)]);
        close(same.noise.cohen_kappa, 1.0);
        close(same.noise_category.krippendorff_alpha, 1.0);
    }

    #[test]
    fn three_layers_noise_fleiss_and_alpha() {
        let text = Text::new(TEXT.into());
        let (a, b, c) = (a(), b(), c());
        let agreement = agree_document(&text, &[("a", &a), ("b", &b), ("c", &c)]);
        let noise = &agreement.noise;
        assert_eq!((noise.items, noise.cohen_kappa), (9, None));
        // Python: fl(a, b, c) -> 0.4, alpha(a, b, c) -> 0.4222222222222223
        close(noise.fleiss_kappa, 0.4);
        close(noise.krippendorff_alpha, 0.4222222222222223);
        // Python (categories): fl -> 0.41558441558441545, alpha -> 0.4372294372294372
        close(agreement.noise_category.fleiss_kappa, 0.41558441558441545);
        close(
            agreement.noise_category.krippendorff_alpha,
            0.4372294372294372,
        );
        // Every pair, the first named as reference.
        let pairs: Vec<_> = agreement
            .pairs
            .iter()
            .map(|p| (p.reference.as_str(), p.other.as_str()))
            .collect();
        assert_eq!(pairs, [("a", "b"), ("a", "c"), ("b", "c")]);
    }

    #[test]
    fn pairwise_f1_exact_and_overlap_and_attribution() {
        let mut a = Layer::default();
        a.speakers.push(speaker("s1", "Ann Lee", &[(0, 5)]));
        a.speakers.push(speaker("s2", "Bo", &[(300, 302)]));
        a.quotes.push(quote("q1", (10, 30), Some("s1")));
        a.quotes.push(quote("q2", (40, 60), Some("s2")));
        a.quotes.push(quote("q3", (100, 120), Some("s1")));
        let mut b = Layer::default();
        // "Lee" stands for s1 through its mention; "Bo" for s2 by name only.
        b.speakers.push(speaker("p1", "Lee", &[(0, 4)]));
        b.speakers.push(speaker("p2", "bo ", &[(400, 402)]));
        b.quotes.push(quote("b1", (10, 30), Some("p1")));
        // 15 of q2's 20 characters: an overlap match, not an exact one; the wrong speaker.
        b.quotes.push(quote("b2", (45, 60), Some("p1")));
        b.quotes.push(quote("b3", (200, 210), Some("p2")));
        let text = Text::new("x".repeat(500));
        let agreement = agree_document(&text, &[("a", &a), ("b", &b)]);
        let pair = &agreement.pairs[0];
        // Exact: 1 of 3 and 3, F1 = 2/6; overlap: 2, F1 = 4/6.
        assert_eq!(pair.quotes.exact.matched, 1);
        close(pair.quotes.exact.f1(), 1.0 / 3.0);
        close(pair.quotes.overlap.f1(), 2.0 / 3.0);
        // Cues follow their contents: b2's cue is exactly q2's.
        close(pair.cues.exact.f1(), 2.0 / 3.0);
        // Mentions: (0,5)~(0,4) by overlap only; (300,302) and (400,402) never.
        close(pair.mentions.exact.f1(), 0.0);
        close(pair.mentions.overlap.f1(), 0.5);
        // Matched quotes: q1~b1 same person, q2~b2 not.
        assert_eq!((pair.attribution.agreed, pair.attribution.items), (1, 2));
        // Headline: no noise alpha (no noise anywhere), so the quotes' overlap F1.
        assert_eq!(agreement.noise.krippendorff_alpha, None);
        close(agreement.headline(), 2.0 / 3.0);
    }

    /// Layers a and b with stances on four matched quotes and one unmatched quote each.
    fn stance_layers() -> (Layer, Layer) {
        let mut a = Layer::default();
        let mut b = Layer::default();
        for (i, start) in [10, 30, 50, 70].into_iter().enumerate() {
            a.quotes
                .push(quote(&format!("q{i}"), (start, start + 10), None));
            b.quotes
                .push(quote(&format!("q{i}"), (start, start + 10), None));
        }
        a.quotes.push(quote("q4", (90, 100), None));
        b.quotes.push(quote("q4", (200, 210), None));
        a.stances = vec![
            stance("T", "favor", &["q0", "q1"]),
            stance("T", "against", &["q2", "q3"]),
            stance("U", "neutral", &["q3"]),
            stance("T", "favor", &["q4"]),
        ];
        b.stances = vec![
            stance("T", "favor", &["q0"]),
            stance("T", "against", &["q1", "q2"]),
            stance("U", "neutral", &["q3"]),
            stance("T", "against", &["q4"]),
        ];
        (a, b)
    }

    #[test]
    fn stance_kappa_on_matched_quotes() {
        let (a, b) = stance_layers();
        let text = Text::new("x".repeat(300));
        let stance = agree_document(&text, &[("a", &a), ("b", &b)]).stance;
        // Units (quote, target): q0 T favor/favor, q1 T favor/against, q2 T against/against,
        // q3 T against/(none), q3 U neutral/neutral; q4 is unmatched, so not a unit.
        assert_eq!(stance.items, 5);
        // Python: sa = ["favor", "favor", "against", "against", "neutral"]
        //   sb = ["favor", "against", "against", "(none)", "neutral"]
        //   cohen_kappa_score(sa, sb) -> 0.4444444444444444, alpha(sa, sb) -> 0.48571428571428565
        close(stance.cohen_kappa, 0.4444444444444444);
        close(stance.krippendorff_alpha, 0.48571428571428565);
    }

    #[test]
    fn three_layers_stance_pivots_on_the_first_layer() {
        let (a, b) = stance_layers();
        let mut c = Layer::default();
        for (i, start) in [10, 30, 50].into_iter().enumerate() {
            c.quotes
                .push(quote(&format!("c{i}"), (start, start + 10), None));
        }
        c.stances = vec![stance("T", "favor", &["c0", "c1"])];
        let text = Text::new("x".repeat(300));
        let stance = agree_document(&text, &[("a", &a), ("b", &b), ("c", &c)]).stance;
        // Only q0..q2 are matched in both b and c; target T each: favor/favor/favor,
        // favor/against/favor, against/against/(none).
        assert_eq!(stance.items, 3);
        // Python: alpha(["favor", "favor", "against"], ["favor", "against", "against"],
        //   ["favor", "favor", "(none)"]) -> 0.30434782608695654; fl(...) -> 0.2173913043478259
        close(stance.krippendorff_alpha, 0.30434782608695654);
        close(stance.fleiss_kappa, 0.2173913043478259);
    }

    #[test]
    fn projects_pool_units_and_skip_documents_missing_a_layer() {
        let mut project = Project::new("p");
        let mut one = Document::new("one", "one.txt", Text::new(TEXT.into()));
        one.layers.insert("a".into(), a());
        one.layers.insert("b".into(), b());
        let mut two = Document::new("two", "two.txt", Text::new(TEXT.into()));
        two.layers.insert("a".into(), a());
        let other = noise(&[(0, "dateline"), (1, "other")]);
        two.layers.insert("b".into(), other.clone());
        let mut three = Document::new("three", "three.txt", Text::new(TEXT.into()));
        three.layers.insert("a".into(), a());
        project.documents = vec![one, two, three];

        let agreement = agree_project(&project, &["a".into(), "b".into()]);
        let ids: Vec<_> = agreement.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["one", "two"]);
        assert_eq!(agreement.skipped.len(), 1);
        assert_eq!(agreement.skipped[0].id, "three");
        assert_eq!(agreement.skipped[0].missing, ["b"]);
        // The project figure is over the 18 lines of both documents, not a mean.
        let (a, b) = (a(), b());
        let first: Vec<_> = [labels(&a), labels(&a)].concat();
        let second: Vec<_> = [labels(&b), labels(&other)].concat();
        assert_eq!(agreement.total.noise.items, 18);
        assert_eq!(
            agreement.total.noise.cohen_kappa,
            cohen_kappa(&first, &second)
        );
        let matrix: Vec<Vec<Option<&str>>> = [first, second]
            .iter()
            .map(|r| r.iter().copied().map(Some).collect())
            .collect();
        assert_eq!(
            agreement.total.noise.krippendorff_alpha,
            krippendorff_alpha(&matrix)
        );
        // Least agreement first: document two, where b marks the wrong lines.
        let order: Vec<_> = agreement
            .by_disagreement()
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(order, ["two", "one"]);
        assert!(agreement.to_string().contains("three (no b)"));
    }
}
