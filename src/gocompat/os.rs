//! Go's wording for operating-system errors, as `*PathError` and `syscall.Errno` print them.

/// The errno text Go prints (`no such file or directory`): Rust's message without its
/// ` (os error N)` suffix, in Go's lower case.
pub fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn errno_texts_as_go_prints_them() {
        assert_eq!(
            io_text(&Error::from(ErrorKind::NotFound)),
            "no such file or directory"
        );
        assert_eq!(
            io_text(&Error::from_raw_os_error(libc::EISDIR)),
            "is a directory"
        );
        assert_eq!(
            io_text(&Error::from_raw_os_error(libc::EIO)),
            "input/output error"
        );
        assert_eq!(io_text(&Error::other("custom")), "custom");
    }
}
