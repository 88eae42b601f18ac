//! Embeds the mail templates: writes `$OUT_DIR/mail_templates.rs`, a table of every file under
//! `templates/mail/` as (name relative to that folder, `include_str!` of the file), so the binary
//! never reads templates from disk. `include_str!` makes cargo rebuild when a file changes, and the
//! `rerun-if-changed` on the folder catches files being added or removed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("templates/mail");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files)?;
    // Sorted, so the generated file (and the build) does not depend on the directory order.
    files.sort();
    let mut table = String::from(
        "/// Every embedded mail template: (name, source).\npub static MAIL_TEMPLATES: &[(&str, &str)] = &[\n",
    );
    for file in files {
        let name = file
            .strip_prefix(&root)?
            .to_str()
            .ok_or("template path is not UTF-8")?
            .replace('\\', "/");
        // Editors' backup and swap files are not templates.
        if name.split('/').any(|part| part.starts_with('.')) || name.ends_with('~') {
            continue;
        }
        writeln!(table, "    ({name:?}, include_str!({:?})),", file.display().to_string())?;
    }
    table.push_str("];\n");
    std::fs::write(
        PathBuf::from(std::env::var("OUT_DIR")?).join("mail_templates.rs"),
        table,
    )?;
    Ok(())
}
