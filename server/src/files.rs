//! The data dir's permissions: the directory 0700 and every file in it
//! 0600, set explicitly so the umask does not decide who may read secrets.

use std::path::Path;

/// Creates `dir` (and missing parents) and makes `dir` itself 0700.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    set_mode(dir, 0o700)
}

/// Creates each named file in `dir` if missing, empty, with mode 0600, and
/// tightens any that exist (data dirs written by older versions).
pub fn private_files(dir: &Path, names: &[&str]) -> std::io::Result<()> {
    for name in names {
        let path = dir.join(name);
        if !path.exists() && !name.ends_with("-wal") && !name.ends_with("-shm") {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(&path)?;
        }
        if path.exists() {
            set_mode(&path, 0o600)?;
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}
