//! The README's shortcut table is the one the window uses: it comes from the `Command`
//! enum, and this test fails when they drift apart (regenerate it from the message).

#[test]
fn the_readme_lists_every_command_with_its_shortcut() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let ctx = egui::Context::default();
    ctx.set_os(egui::os::OperatingSystem::Nix);
    let table = sayso::ui::command::markdown_table(&ctx);
    assert!(
        readme.contains(&table),
        "README.md must contain this table:\n\n{table}"
    );
}
