//! Colours of the window: one per speaker, tints for quotes and mentions, find results.

use egui::Color32;

/// Distinct colours for speakers, in the order speakers were made (Tableau 10, readable
/// on light and dark backgrounds).
const SPEAKERS: [Color32; 10] = [
    Color32::from_rgb(0x4e, 0x79, 0xa7),
    Color32::from_rgb(0xf2, 0x8e, 0x2b),
    Color32::from_rgb(0xe1, 0x57, 0x59),
    Color32::from_rgb(0x76, 0xb7, 0xb2),
    Color32::from_rgb(0x59, 0xa1, 0x4f),
    Color32::from_rgb(0xed, 0xc9, 0x48),
    Color32::from_rgb(0xb0, 0x7a, 0xa1),
    Color32::from_rgb(0xff, 0x9d, 0xa7),
    Color32::from_rgb(0x9c, 0x75, 0x5f),
    Color32::from_rgb(0xba, 0xb0, 0xac),
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

/// `colour` at `alpha` (0-255) over the background, as an opaque colour.
pub fn tint(colour: Color32, alpha: u8, dark: bool) -> Color32 {
    let bg = if dark { 0x1b } else { 0xff } as f32;
    let a = alpha as f32 / 255.0;
    let mix = |c: u8| (c as f32 * a + bg * (1.0 - a)).round() as u8;
    Color32::from_rgb(mix(colour.r()), mix(colour.g()), mix(colour.b()))
}
