//! Opens a project as the window does ([`sayso::session::Session::open`]) and prints how
//! long it took until the first document, its text and its layer were ready to draw.
//! Part of the scale benchmark (`benches/scale.sh`); peak memory comes from
//! `/usr/bin/time -v` around it.
//!
//! ```text
//! cargo run --release --example open_session -- PROJECT [LAYER]
//! ```

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: open_session PROJECT [LAYER]");
        std::process::exit(2);
    };
    let layer = args.next().unwrap_or_else(|| "gold".to_string());
    let started = Instant::now();
    let session = match sayso::session::Session::open(path.as_ref(), &layer) {
        Ok(session) => session,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    // What the window draws first: the current document's text and the edited layer.
    let doc = session.document();
    let chars = doc.text.as_str().len();
    let annotations = session.layer().quotes.len() + session.layer().speakers.len();
    let elapsed = started.elapsed();
    println!(
        "first document {:?} ({chars} bytes, {annotations} quotes and speakers) shown after {:.0} ms; {} documents listed",
        doc.id,
        elapsed.as_secs_f64() * 1000.0,
        session.project().documents.len()
    );
    std::mem::forget(session);
}
