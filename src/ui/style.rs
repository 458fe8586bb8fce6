//! The look of the window for all-day reading: its fonts (a regular face for the text,
//! emoji that are glyphs, not boxes), text colours with WCAG contrast (body at least 7:1,
//! line numbers and noise lines at least 4.5:1, in both themes), one colour per speaker
//! (told apart from each other and from the selection), tints for quotes and mentions.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily};

/// Noto Sans Regular (SIL Open Font License): the text face. egui's own is a light face,
/// tiring to read for hours.
const TEXT_FACE: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// The emoji and symbol blocks of Symbola (free for any use): emoji as outlines, where
/// egui's fonts have none.
const EMOJI: &[u8] = include_bytes!("../../assets/fonts/Symbola-emoji.ttf");

/// Installs the fonts: the text face first, egui's fonts after it, emoji last.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert("text".into(), Arc::new(FontData::from_static(TEXT_FACE)));
    fonts
        .font_data
        .insert("emoji".into(), Arc::new(FontData::from_static(EMOJI)));
    let proportional = fonts.families.entry(FontFamily::Proportional).or_default();
    proportional.insert(0, "text".into());
    proportional.push("emoji".into());
    let mono = fonts.families.entry(FontFamily::Monospace).or_default();
    mono.push("text".into());
    mono.push("emoji".into());
    ctx.set_fonts(fonts);
}

/// Text colours of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub text: Color32,
    /// Line numbers, noise lines, hints.
    pub weak: Color32,
}

/// The reading colours of the dark or light theme.
pub fn reading(dark: bool) -> Reading {
    if dark {
        Reading {
            text: Color32::from_rgb(0xe2, 0xe2, 0xe2),
            weak: Color32::from_rgb(0xa6, 0xa6, 0xa6),
        }
    } else {
        Reading {
            text: Color32::from_rgb(0x1c, 0x1c, 0x1c),
            weak: Color32::from_rgb(0x5a, 0x5a, 0x5a),
        }
    }
}

/// Applies the reading colours to both of egui's themes.
pub fn apply_reading(ctx: &egui::Context) {
    for (theme, dark) in [(egui::Theme::Dark, true), (egui::Theme::Light, false)] {
        let r = reading(dark);
        ctx.style_mut_of(theme, |style| {
            style.visuals.widgets.noninteractive.fg_stroke.color = r.text;
            style.visuals.weak_text_color = Some(r.weak);
        });
    }
}

/// Colours for speakers, in the order speakers were made: distinct hues (from Tableau 10
/// and Okabe-Ito), with no blue near the selection's.
const SPEAKERS: [Color32; 10] = [
    Color32::from_rgb(0xf2, 0x8e, 0x2b),
    Color32::from_rgb(0x59, 0xa1, 0x4f),
    Color32::from_rgb(0xe1, 0x57, 0x59),
    Color32::from_rgb(0xb0, 0x7a, 0xa1),
    Color32::from_rgb(0xb8, 0x45, 0x2a),
    Color32::from_rgb(0xed, 0xc9, 0x48),
    Color32::from_rgb(0x9c, 0x75, 0x5f),
    Color32::from_rgb(0xff, 0x9d, 0xa7),
    Color32::from_rgb(0x8c, 0xd1, 0x7d),
    Color32::from_rgb(0xa8, 0xa0, 0x2c),
];

/// The colour of a quote whose speaker is not set yet.
pub const NO_SPEAKER: Color32 = Color32::from_rgb(0x88, 0x88, 0x88);
pub const FIND: Color32 = Color32::from_rgb(0xff, 0xee, 0x80);
pub const FIND_CURRENT: Color32 = Color32::from_rgb(0xff, 0xb0, 0x30);
/// Review mode: a prediction layer's suggestions (no speaker has this colour).
pub const SUGGESTION: Color32 = Color32::from_rgb(0x9b, 0x30, 0xd9);

/// The colour of the speaker at position `index` of the layer.
pub fn speaker_colour(index: usize) -> Color32 {
    SPEAKERS[index % SPEAKERS.len()]
}

/// A speaker's colour for lines (frames, underlines): as is on dark, darker on light,
/// where pastel lines would vanish.
pub fn line_colour(colour: Color32, dark: bool) -> Color32 {
    if dark {
        colour
    } else {
        let d = |c: u8| (c as f32 * 0.62) as u8;
        Color32::from_rgb(d(colour.r()), d(colour.g()), d(colour.b()))
    }
}

/// `colour` at `alpha` (0-255) over the background, as an opaque colour.
pub fn tint(colour: Color32, alpha: u8, dark: bool) -> Color32 {
    let bg = if dark { 0x1b } else { 0xff } as f32;
    let a = alpha as f32 / 255.0;
    let mix = |c: u8| (c as f32 * a + bg * (1.0 - a)).round() as u8;
    Color32::from_rgb(mix(colour.r()), mix(colour.g()), mix(colour.b()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two colours (1 to 21).
    fn contrast(a: Color32, b: Color32) -> f32 {
        fn luminance(c: Color32) -> f32 {
            let channel = |v: u8| {
                let v = v as f32 / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        }
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    fn distance(a: Color32, b: Color32) -> f32 {
        let d = |x: u8, y: u8| (x as f32 - y as f32).powi(2);
        (d(a.r(), b.r()) + d(a.g(), b.g()) + d(a.b(), b.b())).sqrt()
    }

    #[test]
    fn text_is_readable_in_both_themes() {
        let ctx = egui::Context::default();
        apply_reading(&ctx);
        for theme in [egui::Theme::Dark, egui::Theme::Light] {
            let v = ctx.style_of(theme).visuals.clone();
            for bg in [v.panel_fill, v.window_fill] {
                let body = contrast(v.text_color(), bg);
                let weak = contrast(v.weak_text_color(), bg);
                assert!(body >= 7.0, "{theme:?}: body text {body:.1}:1");
                assert!(weak >= 4.5, "{theme:?}: line numbers {weak:.1}:1");
            }
            // Quote frames and cue lines stand out from the background too.
            let dark = theme == egui::Theme::Dark;
            for i in 0..SPEAKERS.len() {
                let line = line_colour(speaker_colour(i), dark);
                let c = contrast(line, v.panel_fill);
                assert!(c >= 1.9, "{theme:?}: speaker {i} lines {c:.1}:1");
            }
        }
    }

    #[test]
    fn speakers_are_told_apart_and_from_the_selection() {
        let ctx = egui::Context::default();
        for theme in [egui::Theme::Dark, egui::Theme::Light] {
            let selection = ctx.style_of(theme).visuals.selection.bg_fill;
            for i in 0..SPEAKERS.len() {
                let d = distance(speaker_colour(i), selection);
                assert!(
                    d > 90.0,
                    "{theme:?}: speaker {i} is near the selection ({d:.0})"
                );
                for j in 0..i {
                    let d = distance(speaker_colour(i), speaker_colour(j));
                    assert!(d > 45.0, "speakers {j} and {i} look alike ({d:.0})");
                }
            }
        }
    }

    #[test]
    fn the_wcag_ratio_is_right() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
    }
}
