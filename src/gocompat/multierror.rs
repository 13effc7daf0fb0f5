//! hashicorp/go-multierror's default text of an error list (`ListFormatFunc`), which Nomad's
//! servers and CLI print wherever several failures are reported together.

/// `1 error occurred:\n\t* a\n\n`, `2 errors occurred:\n\t* a\n\t* b\n\n`.
pub fn multierror(errors: &[String]) -> String {
    if let [one] = errors {
        return format!("1 error occurred:\n\t* {one}\n\n");
    }
    let points: Vec<String> = errors.iter().map(|e| format!("* {e}")).collect();
    format!(
        "{} errors occurred:\n\t{}\n\n",
        errors.len(),
        points.join("\n\t")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_go_multierror() {
        assert_eq!(
            multierror(&["locks: x".into()]),
            "1 error occurred:\n\t* locks: x\n\n"
        );
        assert_eq!(
            multierror(&["a".into(), "b".into()]),
            "2 errors occurred:\n\t* a\n\t* b\n\n"
        );
        // Go formats an empty list too (no caller here makes one).
        assert_eq!(multierror(&[]), "0 errors occurred:\n\t\n\n");
    }
}
