//! Logistic regression, fitted by Newton's method (iteratively reweighted least squares)
//! with an L2 penalty that pulls the weights toward a prior (zero, or the shipped model's
//! weights when a project adapts it from a few documents).
//!
//! The problems here have a few dozen features and up to a few hundred thousand lines:
//! Newton converges in about ten steps of `O(n·d²)` each, exactly and deterministically.
//! (`linfa-logistic` brings linfa, ndarray, ndarray-stats and argmin; `smartcore` is 48,000
//! lines with num and rand: both far heavier than this file for what it does.)

#![allow(clippy::needless_range_loop)] // Matrix code reads better with indices.

use serde::{Deserialize, Serialize};

/// A fitted logistic model over standardized features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// Feature names, in order: a model saved with other features is refused.
    pub names: Vec<String>,
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    pub bias: f64,
}

impl Logistic {
    /// The probability of the positive class for raw features `x`.
    pub fn predict(&self, x: &[f64]) -> f64 {
        let terms = self.weights.iter().zip(&self.mean).zip(&self.scale).zip(x);
        let z: f64 = terms.map(|(((w, m), s), x)| w * (x - m) / s).sum();
        sigmoid(self.bias + z)
    }

    /// The part of the sum that features `from..from + x.len()` give, with values `x`:
    /// [`Logistic::from_partial`] of the parts of a whole row is its prediction.
    pub fn partial(&self, from: usize, x: &[f64]) -> f64 {
        let (w, m, s) = (
            &self.weights[from..],
            &self.mean[from..],
            &self.scale[from..],
        );
        let terms = w.iter().zip(m).zip(s).zip(x);
        terms.map(|(((w, m), s), x)| w * (x - m) / s).sum()
    }

    /// The probability for a sum of [`Logistic::partial`]s over every feature.
    pub fn from_partial(&self, z: f64) -> f64 {
        sigmoid(self.bias + z)
    }

    /// [`Logistic::predict`] of the row `a` followed by `b`, without joining them.
    pub fn predict2(&self, a: &[f64], b: &[f64]) -> f64 {
        let terms = self
            .weights
            .iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(a.iter().chain(b));
        let z: f64 = terms.map(|(((w, m), s), x)| w * (x - m) / s).sum();
        sigmoid(self.bias + z)
    }

    /// Fits on rows `xs` with labels `ys`, each row counting `ws` times (a set of a rarer
    /// genre can count more). With `prior`, its standardization is kept and the weights
    /// are pulled toward its weights with strength `lambda`; without, toward 0.
    pub fn fit(
        names: &[&str],
        xs: &[Vec<f64>],
        ys: &[bool],
        ws: &[f64],
        prior: Option<&Logistic>,
        lambda: f64,
    ) -> Logistic {
        debug_assert!(xs.len() == ys.len() && ys.len() == ws.len());
        let d = names.len();
        let n = xs.len().max(1) as f64;
        let (mean, scale) = match prior {
            Some(p) => (p.mean.clone(), p.scale.clone()),
            None => {
                let mut mean = vec![0.0; d];
                let mut sq = vec![0.0; d];
                for x in xs {
                    for i in 0..d {
                        mean[i] += x[i];
                        sq[i] += x[i] * x[i];
                    }
                }
                let mean: Vec<f64> = mean.iter().map(|m| m / n).collect();
                let scale = (0..d)
                    .map(|i| (sq[i] / n - mean[i] * mean[i]).max(0.0).sqrt().max(1e-3))
                    .collect();
                (mean, scale)
            }
        };
        let prior_w = prior.map_or(vec![0.0; d], |p| p.weights.clone());
        let prior_b = prior.map_or(0.0, |p| p.bias);
        // Parameters: d weights then the bias.
        let mut w: Vec<f64> = prior_w.clone();
        w.push(prior_b);
        let mut row = vec![0.0; d + 1];
        let loss = |w: &[f64]| -> f64 {
            let mut total = 0.0;
            for ((x, &y), &wt) in xs.iter().zip(ys).zip(ws) {
                let mut z = w[d];
                for i in 0..d {
                    z += w[i] * (x[i] - mean[i]) / scale[i];
                }
                // -log p(y): softplus(z) - y z, computed stably.
                let softplus = if z > 0.0 {
                    z + (-z).exp().ln_1p()
                } else {
                    z.exp().ln_1p()
                };
                total += wt * (softplus - if y { z } else { 0.0 });
            }
            let penalty: f64 = (0..d).map(|i| (w[i] - prior_w[i]).powi(2)).sum();
            total + 0.5 * lambda * penalty
        };
        for _ in 0..25 {
            let mut grad = vec![0.0; d + 1];
            let mut hess = vec![0.0; (d + 1) * (d + 1)];
            for ((x, &y), &wt) in xs.iter().zip(ys).zip(ws) {
                for i in 0..d {
                    row[i] = (x[i] - mean[i]) / scale[i];
                }
                row[d] = 1.0;
                let z: f64 = row.iter().zip(&w).map(|(a, b)| a * b).sum();
                let p = sigmoid(z);
                let r = wt * (p - f64::from(u8::from(y)));
                let s = wt * (p * (1.0 - p)).max(1e-6);
                for i in 0..=d {
                    grad[i] += r * row[i];
                    let si = s * row[i];
                    for j in 0..=i {
                        hess[i * (d + 1) + j] += si * row[j];
                    }
                }
            }
            for i in 0..=d {
                for j in 0..i {
                    hess[j * (d + 1) + i] = hess[i * (d + 1) + j];
                }
            }
            for i in 0..d {
                grad[i] += lambda * (w[i] - prior_w[i]);
                hess[i * (d + 1) + i] += lambda;
            }
            hess[d * (d + 1) + d] += 1e-6;
            let Some(step) = solve(&mut hess, &mut grad, d + 1) else {
                break;
            };
            // Damped Newton: halve the step until the penalized loss does not grow (a
            // full step can overshoot when a few documents nearly separate the classes).
            let before = loss(&w);
            let mut t = 1.0;
            let mut next = w.clone();
            for _ in 0..30 {
                for i in 0..=d {
                    next[i] = w[i] - t * step[i];
                }
                if loss(&next) <= before + 1e-9 {
                    break;
                }
                t *= 0.5;
            }
            let biggest = (0..=d).map(|i| (t * step[i]).abs()).fold(0.0, f64::max);
            w = next;
            if biggest < 1e-6 {
                break;
            }
        }
        let bias = w.pop().unwrap_or(0.0);
        Logistic {
            names: names.iter().map(|s| s.to_string()).collect(),
            mean,
            scale,
            weights: w,
            bias,
        }
    }
}

pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z.clamp(-40.0, 40.0)).exp())
}

/// Solves `a x = b` (`a` symmetric positive definite, `n × n`) by Cholesky; `None` if `a`
/// is not positive definite.
fn solve(a: &mut [f64], b: &mut [f64], n: usize) -> Option<Vec<f64>> {
    for j in 0..n {
        let mut s = a[j * n + j];
        for k in 0..j {
            s -= a[j * n + k] * a[j * n + k];
        }
        if s <= 0.0 {
            return None;
        }
        let l = s.sqrt();
        a[j * n + j] = l;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / l;
        }
    }
    let mut y = b.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= a[i * n + k] * y[k];
        }
        y[i] /= a[i * n + i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= a[k * n + i] * y[k];
        }
        y[i] /= a[i * n + i];
    }
    Some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_a_simple_rule() {
        // Positive when x0 > x1.
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..40 {
            for j in 0..10 {
                let (a, b) = (i as f64 / 4.0, j as f64 + 0.5);
                xs.push(vec![a, b]);
                ys.push(a > b);
            }
        }
        let m = Logistic::fit(&["a", "b"], &xs, &ys, &vec![1.0; xs.len()], None, 0.1);
        let right = xs
            .iter()
            .zip(&ys)
            .filter(|(x, y)| (m.predict(x) > 0.5) == **y)
            .count();
        assert!(right as f64 / xs.len() as f64 > 0.97, "{right}");
        assert!(m.weights[0] > 0.0 && m.weights[1] < 0.0);
        // The sum in parts is the whole prediction.
        for x in xs.iter().step_by(37) {
            let parts = m.partial(0, &x[..1]) + m.partial(1, &x[1..]);
            assert!((m.from_partial(parts) - m.predict(x)).abs() < 1e-12);
            assert!((m.predict2(&x[..1], &x[1..]) - m.predict(x)).abs() < 1e-12);
        }
    }

    #[test]
    fn a_weight_counts_as_copies_of_the_row() {
        let xs: Vec<Vec<f64>> = (0..30).map(|i| vec![f64::from(i % 7), 1.0]).collect();
        let ys: Vec<bool> = (0..30).map(|i| i % 7 > 2 || i % 5 == 0).collect();
        let mut ws = vec![1.0; 30];
        ws[3] = 3.0;
        let weighted = Logistic::fit(&["a", "b"], &xs, &ys, &ws, None, 0.1);
        let (mut xs2, mut ys2) = (xs.clone(), ys.clone());
        for _ in 0..2 {
            xs2.push(xs[3].clone());
            ys2.push(ys[3]);
        }
        // The same standardization, so that only the weighting differs.
        let prior = Logistic {
            weights: vec![0.0; 2],
            bias: 0.0,
            ..weighted.clone()
        };
        let weighted = Logistic::fit(&["a", "b"], &xs, &ys, &ws, Some(&prior), 0.1);
        let copied = Logistic::fit(&["a", "b"], &xs2, &ys2, &[1.0; 32], Some(&prior), 0.1);
        for (a, b) in weighted.weights.iter().zip(&copied.weights) {
            assert!((a - b).abs() < 1e-6, "{a} {b}");
        }
        let unweighted = Logistic::fit(&["a", "b"], &xs, &ys, &[1.0; 30], Some(&prior), 0.1);
        assert!((unweighted.weights[0] - weighted.weights[0]).abs() > 1e-3);
    }
}
