//! `--open`: hands `external` and `link` URLs to the system opener
//! (`xdg-open` on Linux and the BSDs, `open` on macOS, `start` on Windows).
//!
//! Only `http` and `https` URLs are opened: the URL comes from a server, and
//! other schemes (`file:`, custom app schemes) could start anything on the
//! machine. A URL that cannot be opened is reported, never fatal.

use std::process::{Command, Stdio};

use thiserror::Error;

/// Why a URL was not opened.
#[derive(Debug, Error)]
#[non_exhaustive]
pub(crate) enum OpenError {
    /// Not an http(s) URL.
    #[error("not opening {url}: only http and https URLs are opened")]
    Scheme {
        /// The URL.
        url: String,
    },
    /// The opener could not be started.
    #[error("could not run {program} to open {url}: {source}")]
    Spawn {
        /// The opener.
        program: &'static str,
        /// The URL.
        url: String,
        /// Why.
        source: std::io::Error,
    },
}

/// The opener command for this platform, with the URL appended.
fn command(url: &str) -> (&'static str, Command) {
    if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        ("open", c)
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(url);
        ("cmd /C start", c)
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        ("xdg-open", c)
    }
}

/// Checks that `url` may be opened (an absolute http(s) URL).
pub(crate) fn check(url: &str) -> Result<(), OpenError> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        _ => Err(OpenError::Scheme { url: url.to_owned() }),
    }
}

/// Starts the system opener on `url` without waiting for it (its output is discarded).
pub(crate) fn open(url: &str) -> Result<(), OpenError> {
    check(url)?;
    let (program, mut command) = command(url);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| OpenError::Spawn { program, url: url.to_owned(), source })?;
    // Reap the opener when it exits, so it never lingers as a zombie.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_opened() {
        assert!(check("https://x.test/receipt").is_ok());
        assert!(check("http://127.0.0.1:8080/r").is_ok());
        for url in ["file:///etc/passwd", "myapp://pay", "/relative", "javascript:alert(1)"] {
            let err = check(url).unwrap_err();
            assert!(err.to_string().contains("only http and https"), "{err}");
        }
    }
}
