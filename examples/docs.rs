//! Regenerates the committed completion scripts (completions/) and man pages (man/) from the
//! command tree: `cargo run --example docs`.

use clap::CommandFactory;

fn main() -> std::io::Result<()> {
    let root = rnomad::cli::argv::go_style(rnomad::cli::Cli::command());
    let files = rnomad::docs::generated_files(&root);
    let _ = std::fs::remove_dir_all("man");
    for (path, content) in &files {
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, content)?;
    }
    println!("wrote {} files", files.len());
    Ok(())
}
